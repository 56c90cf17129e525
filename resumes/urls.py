from django.urls import path

from resumes import views

app_name = "resumes"
urlpatterns = [
    path("", views.resumes_index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("import-urls/", views.import_urls, name="import-urls"),
    path("failed/", views.failed_list, name="failed"),
    path("failed/recover/", views.recover, name="recover"),
    path("failed/<int:pk>/original/", views.failed_original, name="failed-original"),
    path("failed/<int:pk>/", views.failed_detail, name="failed-detail"),
    path("failed/<int:pk>/delete/", views.failed_delete, name="failed-delete"),
    path("failed/delete/", views.failed_bulk_delete, name="failed-bulk-delete"),
    path("failed/review/", views.review_list, name="review-list"),
    path("failed/<int:pk>/review/", views.review_detail, name="review"),
    path("failed/<int:pk>/reject/", views.review_reject, name="review-reject"),
    path("<int:pk>/", views.resume_detail, name="detail"),
    path("<int:pk>/original/", views.resume_original, name="original"),
]
