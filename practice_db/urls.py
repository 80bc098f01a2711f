from django.urls import path

from accounts.feeds import feed_view
from practice_db import feeds
from practice_db.views import (
    browse,
    editing,
    examples,
    forum,
    queue,
    research,
    revisions,
    search,
    spread,
)

app_name = "practice_db"

urlpatterns = [
    path("", browse.browse, name="browse"),
    path("topics/", browse.topic_index, name="topics"),
    path("topics/<slug:slug>/", browse.by_topic, name="topic"),
    path("regions/<slug:slug>/", browse.by_region, name="region"),
    path("organisations/<str:code>/", browse.by_organisation, name="organisation"),
    path("mine/", editing.my_examples, name="mine"),
    path("examples/new/", editing.example_create, name="create"),
    path("examples/<int:pk>/", examples.example_detail, name="example"),
    path("examples/<int:pk>/edit/", editing.example_edit, name="edit"),
    path("examples/<int:pk>/edit/<slug:section>/", editing.example_section, name="edit_section"),
    path("examples/<int:pk>/check/", editing.example_check, name="check"),
    path("examples/<int:pk>/act/", examples.act_on_example, name="act"),
    path("examples/<int:pk>/take/", examples.take_example, name="take"),
    path("examples/<int:pk>/changes/", revisions.revision_detail, name="revision"),
    path("examples/<int:pk>/contact/", examples.contact_lead, name="contact"),
    path("attachments/<int:pk>/", examples.download_attachment, name="attachment"),
    path("lead/<str:token>/", examples.confirm_lead, name="lead_confirm"),
    path("moderation/", queue.queue, name="queue"),
    path("following/", forum.following, name="following"),
    path("spread/", spread.spread_map, name="spread"),
    path("examples/<int:pk>/tried/", spread.tried_this, name="tried_this"),
    path("research/", research.research_index, name="research"),
    path("research/new/", research.research_project_edit, name="research_new"),
    path("research/<int:pk>/", research.research_project, name="research_project"),
    path("research/<int:pk>/edit/", research.research_project_edit, name="research_edit"),
    path("topics/<slug:slug>/follow/", forum.follow_topic, name="follow_topic"),
    path("examples/<int:pk>/follow/", forum.follow_example, name="follow_example"),
    path("examples/<int:pk>/forum/review/", forum.review_create, name="forum_review"),
    path(
        "examples/<int:pk>/forum/evaluation/",
        forum.evaluation_commission,
        name="evaluation_commission",
    ),
    path("evaluations/<int:pk>/", forum.evaluation_detail, name="evaluation"),
    path("evaluations/<int:pk>/result/", forum.evaluation_result, name="evaluation_result"),
    path("evaluations/<int:pk>/accept/", forum.evaluation_accept, name="evaluation_accept"),
    path("evaluations/<int:pk>/report/", forum.evaluation_report, name="evaluation_report"),
    path("search/", search.search_examples, name="search"),
    path("search/results.csv", search.download_results, name="search_csv"),
    path("search/feed/", feed_view(feeds.SearchFeed()), name="search_feed"),
    path("search/save/", search.save_search, name="save_search"),
    path("search/saved/", search.saved_searches, name="saved_searches"),
    path(
        "search/saved/<int:pk>/delete/",
        search.delete_saved_search,
        name="delete_saved_search",
    ),
    path("search/unsubscribe/<str:token>/", search.unsubscribe, name="search_unsubscribe"),
]
