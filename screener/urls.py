"""Root URLconf."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from screener import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages without <link rel="icon"> (files, admin errors).
    path("favicon.ico", views.favicon, name="favicon"),
    path("runs/", include("runs.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("jobs/", include("jobs.urls")),
    path("resumes/", include("resumes.urls")),
    path("screening/", include("screening.urls")),
    path("profiles/", include("profiles.urls")),
    path("admin/", admin.site.urls),
]
