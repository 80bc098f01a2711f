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
