from django.urls import path

from practice_db import browse_views, feeds, queue_views, search_views, views

app_name = "practice_db"

urlpatterns = [
    path("", browse_views.browse, name="browse"),
    path("topics/", browse_views.topic_index, name="topics"),
    path("topics/<slug:slug>/", browse_views.by_topic, name="topic"),
    path("regions/<slug:slug>/", browse_views.by_region, name="region"),
    path("organisations/<str:code>/", browse_views.by_organisation, name="organisation"),
    path("mine/", views.my_examples, name="mine"),
    path("examples/new/", views.example_create, name="create"),
    path("examples/<int:pk>/", views.example_detail, name="example"),
    path("examples/<int:pk>/edit/", views.example_edit, name="edit"),
    path("examples/<int:pk>/act/", views.act_on_example, name="act"),
    path("examples/<int:pk>/take/", views.take_example, name="take"),
    path("examples/<int:pk>/changes/", views.revision_detail, name="revision"),
    path("examples/<int:pk>/contact/", views.contact_lead, name="contact"),
    path("attachments/<int:pk>/", views.download_attachment, name="attachment"),
    path("moderation/", queue_views.queue, name="queue"),
    path("search/", search_views.search_examples, name="search"),
    path("search/results.csv", search_views.download_results, name="search_csv"),
    path("search/feed/", feeds.SearchFeed(), name="search_feed"),
    path("search/save/", search_views.save_search, name="save_search"),
    path("search/saved/", search_views.saved_searches, name="saved_searches"),
    path(
        "search/saved/<int:pk>/delete/",
        search_views.delete_saved_search,
        name="delete_saved_search",
    ),
    path("search/unsubscribe/<str:token>/", search_views.unsubscribe, name="search_unsubscribe"),
]
