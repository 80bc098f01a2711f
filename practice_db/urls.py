from django.urls import path

from practice_db import views

app_name = "practice_db"

urlpatterns = [
    path("examples/<int:pk>/", views.example_detail, name="example"),
    path("examples/<int:pk>/act/", views.act_on_example, name="act"),
    path("examples/<int:pk>/take/", views.take_example, name="take"),
    path("attachments/<int:pk>/", views.download_attachment, name="attachment"),
    path("moderation/", views.queue, name="queue"),
]

# Search (practice_db/search_views.py, practice_db/feeds.py)
from practice_db import feeds, search_views  # noqa: E402

urlpatterns += [
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
