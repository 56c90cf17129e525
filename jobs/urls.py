from django.urls import path

from jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.jobs_index, name="index"),
    path("new/", views.job_create, name="create"),
    path("import/", views.job_import, name="import"),
    path("enrich/", views.enrich_all, name="enrich-all"),
    path("enrich/confirm/", views.enrich_confirm, name="enrich-confirm"),
    path("feeds/", views.feed_sources, name="feeds"),
    path("feeds/<int:pk>/", views.feed_source_edit, name="feed-edit"),
    path("feeds/<int:pk>/delete/", views.feed_source_delete, name="feed-delete"),
    path("feeds/<int:pk>/fetch/", views.feed_source_fetch, name="feed-fetch"),
    path("enrich/<int:run_id>/estimate/", views.enrichment_estimate, name="estimate"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/edit/", views.job_edit, name="edit"),
    path("<int:pk>/reenrich/", views.job_reenrich, name="reenrich"),
]
