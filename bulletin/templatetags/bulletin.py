"""ImpAct's panel on a page that another app owns: the profile.

Its home page panel is declared in apps.py (learning_network.plugins).
"""

from django import template

from bulletin.models import Subscription

register = template.Library()


@register.inclusion_tag("bulletin/includes/subscription_panel.html", takes_context=True)
def subscription_panel(context):
    """Subscribe or unsubscribe to ImpAct by email, for the profile page."""
    user = context["user"]
    return {
        "subscribed": Subscription.objects.filter(user=user).exists(),
        "csrf_token": context.get("csrf_token"),
    }
