from django.urls import path

from practice_db import browse_views, queue_views, views

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
]
