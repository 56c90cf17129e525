from django.urls import path

from profiles import views

app_name = "profiles"
urlpatterns = [
    path("", views.profiles_index, name="index"),
    path("new/", views.profile_create, name="create"),
    path("from-resume/", views.profile_from_resume, name="from-resume"),
    path("enhance-all/", views.enhance_all, name="enhance-all"),
    path("<int:pk>/", views.profile_detail, name="detail"),
    path("<int:pk>/edit/", views.profile_edit, name="edit"),
    path("<int:pk>/enhance/", views.profile_enhance, name="enhance"),
    path("<int:pk>/sections/", views.profile_sections, name="sections"),
    path(
        "<int:pk>/sections/<str:kind>/<int:section_pk>/<str:decision>/",
        views.section_decision,
        name="section-decision",
    ),
    path("<int:pk>/recommendations/", views.profile_recommendations, name="recommendations"),
    path(
        "resume/<int:pk>/recommendations/",
        views.resume_recommendations,
        name="resume-recommendations",
    ),
    path("job/<int:pk>/candidates/", views.job_candidates, name="job-candidates"),
    path(
        "job/<int:pk>/candidates/screen/",
        views.job_candidates_screen,
        name="job-candidates-screen",
    ),
]
