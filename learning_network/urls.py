from django.contrib import admin
from django.urls import include, path

from learning_network import unsubscribe_views, views

admin.site.site_header = "NHS Learning Network: site admin"
admin.site.site_title = "NHS Learning Network admin"
admin.site.index_title = "Reference data, accounts and roles"
# People sign in to the admin through the portal's own sign-in page.
admin.site.login = views.admin_sign_in

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("search/", views.search, name="search"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("unsubscribe/<str:token>/", unsubscribe_views.unsubscribe, name="unsubscribe"),
    path("accounts/", include("accounts.urls")),
    path("practice/", include("practice_db.urls")),
    path("impact/", include("bulletin.urls")),
    path("opportunities/", include("opportunities.urls")),
    path("training/", include("training.urls")),
    path("leadership/", include("leadership.urls")),
    path("beacons/", include("beacons.urls")),
    path("learning-centres/", include("learning_centres.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "learning_network.views.bad_request"
handler403 = "learning_network.views.permission_denied"
handler404 = "learning_network.views.page_not_found"
handler500 = "learning_network.views.server_error"
