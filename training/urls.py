from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("", views.index, name="index"),
    path("for-clinicians-new-to-management/", views.for_clinicians, name="for_clinicians"),
    path("contacts/", views.contacts, name="contacts"),
    path("courses/<int:pk>/", views.course_detail, name="course"),
    path("courses/<int:pk>/interest/", views.register_interest, name="register_interest"),
    path("courses/<int:pk>/interest/withdraw/", views.withdraw_interest, name="withdraw_interest"),
    path("courses/<int:pk>/rate/", views.rate, name="rate"),
    path("provider/", views.provider_home, name="provider_home"),
    path("provider/courses/new/", views.course_add, name="course_add"),
    path("provider/courses/<int:pk>/", views.course_manage, name="course_manage"),
    path("provider/courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("provider/courses/<int:pk>/intakes/new/", views.intake_add, name="intake_add"),
    path("provider/courses/<int:pk>/evidence/", views.course_evidence, name="course_evidence"),
    path("provider/courses/<int:pk>/evidence/add/", views.evidence_link, name="evidence_link"),
    path(
        "provider/courses/<int:pk>/evidence/remove/", views.evidence_unlink, name="evidence_unlink"
    ),
    path("provider/intakes/<int:pk>/open/", views.intake_open, name="intake_open"),
]
