from django.urls import path

from opportunities import views

app_name = "opportunities"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("mine/", views.my_bookings, name="mine"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/book/", views.book, name="book"),
    path("sessions/<int:pk>/manage/", views.manage_session, name="manage"),
    path("sessions/<int:pk>/edit/", views.edit_session, name="edit"),
    path("sessions/<int:pk>/publish/", views.publish_session, name="publish"),
    path("bookings/<int:pk>/cancel/", views.cancel_booking, name="cancel_booking"),
    path("bookings/<int:pk>/feedback/", views.feedback, name="feedback"),
]
