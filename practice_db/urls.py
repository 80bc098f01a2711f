from django.urls import path

from accounts.feeds import feed_view
from practice_db import feeds
from practice_db.views import browse, editing, examples, queue, revisions, search

app_name = "practice_db"

urlpatterns = [
    path("", browse.browse, name="browse"),
    path("topics/", browse.topic_index, name="topics"),
    path("help/writing-a-good-example/", browse.help_writing, name="help"),
    path("topics/<slug:slug>/", browse.by_topic, name="topic"),
    path("regions/<slug:slug>/", browse.by_region, name="region"),
    path("organisations/<str:code>/", browse.by_organisation, name="organisation"),
    path("mine/", editing.my_examples, name="mine"),
    path("examples/new/", editing.example_create, name="create"),
    path("examples/<int:pk>/", examples.example_detail, name="example"),
    path("examples/<int:pk>/edit/", editing.example_edit, name="edit"),
    path("examples/<int:pk>/act/", examples.act_on_example, name="act"),
    path("examples/<int:pk>/decided/", examples.decision_recorded, name="decided"),
    path("examples/<int:pk>/take/", examples.take_example, name="take"),
    path("examples/<int:pk>/changes/", revisions.revision_detail, name="revision"),
    path("examples/<int:pk>/contact/", examples.contact_lead, name="contact"),
    path("attachments/<int:pk>/", examples.download_attachment, name="attachment"),
    path("lead/<str:token>/", examples.confirm_lead, name="lead_confirm"),
    path("moderation/", queue.queue, name="queue"),
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
