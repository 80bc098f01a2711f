from django.urls import path

from learning_centres import search, views

app_name = "learning_centres"

urlpatterns = [
    path("", views.regions, name="regions"),
    path("mine/", views.mine, name="mine"),
    path("search/", search.centres, name="search"),
    path("events/search/", search.events, name="event_search"),
    path("regions/<slug:slug>/designate/", views.designate, name="designate"),
    path("<int:pk>/", views.centre_detail, name="centre"),
    path("<int:pk>/follow/", views.follow, name="follow"),
    path("<int:pk>/events/new/", views.create_event, name="create_event"),
    path("<int:pk>/events/<int:session_pk>/publish/", views.publish_event, name="publish_event"),
    path("<int:pk>/summary/", views.summary, name="summary"),
]
