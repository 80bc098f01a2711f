from django.urls import path

from accounts.feeds import feed_view
from bulletin import feeds, search, views

app_name = "bulletin"

urlpatterns = [
    path("", views.current_issue, name="current"),
    path("issues/", views.issue_list, name="issues"),
    path("issues/<int:number>/", views.issue_detail, name="issue"),
    path("stories/<int:pk>/", views.story_detail, name="story"),
    path("search/", search.search_stories, name="search"),
    path("subjects/", views.subject_index, name="subjects"),
    path("subjects/<slug:slug>/", views.subject_detail, name="subject"),
    path("feed/", feed_view(feeds.StoryFeed()), name="feed"),
    path("subscription/", views.subscription, name="subscription"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("editor/", views.dashboard, name="dashboard"),
    path("editor/issues/new/", views.issue_create, name="issue_create"),
    path("editor/issues/<int:pk>/", views.issue_manage, name="issue_manage"),
    path("editor/issues/<int:pk>/details/", views.issue_edit, name="issue_edit"),
    path("editor/issues/<int:pk>/publish/", views.issue_schedule, name="issue_schedule"),
    path("editor/issues/<int:pk>/unschedule/", views.issue_unschedule, name="issue_unschedule"),
    path("editor/issues/<int:pk>/stories/new/", views.story_create, name="story_create"),
    path("editor/stories/<int:pk>/", views.story_edit, name="story_edit"),
    path("editor/stories/<int:pk>/move/", views.story_move, name="story_move"),
    path("editor/stories/<int:pk>/remove/", views.story_remove, name="story_remove"),
    path("editor/stories/<int:pk>/examples/", views.story_examples, name="story_examples"),
    path(
        "editor/stories/<int:pk>/examples/add/", views.story_example_add, name="story_example_add"
    ),
    path(
        "editor/stories/<int:pk>/examples/remove/",
        views.story_example_remove,
        name="story_example_remove",
    ),
]
