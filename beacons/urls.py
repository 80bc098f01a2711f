from django.urls import path

from beacons import views

app_name = "beacons"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/visit/", views.request_visit, name="request_visit"),
    path("<int:pk>/manage/", views.manage, name="manage"),
    path("<int:pk>/open-days/new/", views.open_day_new, name="open_day_new"),
    path("<int:pk>/examples/", views.examples, name="examples"),
    path("<int:pk>/end/", views.end_designation, name="end_designation"),
    path("designate/", views.designate, name="designate"),
    path("coordinating/", views.coordinating, name="coordinating"),
    path("overdue/", views.overdue, name="overdue"),
    path("for-example/<int:example_pk>/", views.for_example, name="for_example"),
    path("visits/mine/", views.my_requests, name="my_requests"),
    path("visits/<int:pk>/", views.visit, name="visit"),
    path("visits/<int:pk>/acknowledge/", views.visit_acknowledge, name="visit_acknowledge"),
    path("visits/<int:pk>/confirm/", views.visit_confirm, name="visit_confirm"),
    path("visits/<int:pk>/decline/", views.visit_decline, name="visit_decline"),
    path("visits/<int:pk>/withdraw/", views.visit_withdraw, name="visit_withdraw"),
    path("visits/<int:pk>/complete/", views.visit_complete, name="visit_complete"),
    path("visits/<int:pk>/pack/", views.visit_pack, name="visit_pack"),
    path("visits/<int:pk>/pack/upload/", views.visit_pack_upload, name="visit_pack_upload"),
    path("visits/<int:pk>/visit.ics", views.visit_ics, name="visit_ics"),
    path("visits/<int:pk>/took-away/", views.visit_outcome, name="visit_outcome"),
    path("visits/<int:pk>/draft-example/", views.draft_from_visit, name="draft_from_visit"),
    path(
        "open-day-feedback/<int:pk>/draft-example/",
        views.draft_from_feedback,
        name="draft_from_feedback",
    ),
]
