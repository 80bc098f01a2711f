"""ImpAct's panels on pages that other apps own: home and profile."""

from django import template

from bulletin.models import Issue, Subscription

register = template.Library()


@register.inclusion_tag("bulletin/includes/latest_issue_panel.html")
def latest_issue_panel():
    """The latest published issue and its first stories, for the home page."""
    issue = Issue.objects.published().order_by("-number").first()
    stories = list(issue.stories.order_by("position")[:3]) if issue else []
    return {"issue": issue, "stories": stories}


@register.inclusion_tag("bulletin/includes/subscription_panel.html", takes_context=True)
def subscription_panel(context):
    """Subscribe or unsubscribe to ImpAct by email, for the profile page."""
    user = context["user"]
    return {
        "subscribed": Subscription.objects.filter(user=user).exists(),
        "csrf_token": context.get("csrf_token"),
    }
