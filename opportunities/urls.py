from django.urls import path

from opportunities import organising, views

app_name = "opportunities"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("mine/", views.my_bookings, name="mine"),
    path("mine/calendar.ics", views.bookings_feed, name="feed"),
    path("sessions/<int:pk>/calendar.ics", views.session_ics, name="ics"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/book/", views.book, name="book"),
    path("sessions/<int:pk>/manage/", organising.manage_session, name="manage"),
    path("sessions/<int:pk>/manage/attendees.csv", organising.attendees_csv, name="attendees_csv"),
    path("sessions/<int:pk>/manage/attendance/", organising.attendance, name="attendance"),
    path("sessions/<int:pk>/manage/places/", organising.capacity, name="capacity"),
    path("sessions/<int:pk>/manage/email/", organising.email_attendees, name="email"),
    path("sessions/<int:pk>/manage/cancel/", organising.cancel_session, name="cancel_session"),
    path(
        "sessions/<int:pk>/manage/feedback/", organising.feedback_summary, name="feedback_summary"
    ),
    path("sessions/<int:pk>/edit/", organising.edit_session, name="edit"),
    path("sessions/<int:pk>/publish/", organising.publish_session, name="publish"),
    path("bookings/<int:pk>/cancel/", views.cancel_booking, name="cancel_booking"),
    path("bookings/<int:pk>/feedback/", views.feedback, name="feedback"),
]
