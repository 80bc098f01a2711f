from django.urls import path

from leadership import views

app_name = "leadership"

urlpatterns = [
    path("", views.programme_list, name="index"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme"),
    path("programmes/<slug:slug>/cohorts/new/", views.cohort_edit, name="cohort_create"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort"),
    path("cohorts/<int:pk>/edit/", views.cohort_edit, name="cohort_edit"),
    path("cohorts/<int:pk>/apply/", views.apply, name="apply"),
    path("applications/", views.my_applications, name="mine"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/edit/", views.application_edit, name="edit"),
    path("applications/<int:pk>/check/", views.application_check, name="check"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/sponsor-link/", views.resend_sponsor_link, name="resend"),
    path("applications/<int:pk>/decide/", views.act, name="act"),
    path("applications/<int:pk>/decline/", views.decline, name="decline"),
    path("applications/<int:pk>/move-up/", views.move_up, name="move_up"),
    path("applications/<int:pk>/completed/", views.complete, name="complete"),
    path("alumni/<int:pk>/listing/", views.alumni_listing, name="listing"),
    path("coordinating/", views.coordinating, name="coordinating"),
    path("sponsor/<int:pk>/<str:token>/", views.sponsor, name="sponsor"),
]
