from django.urls import path

from screening import views

app_name = "screening"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.batch_detail, name="batch"),
    path("<int:pk>/weights/", views.batch_weights, name="weights"),
    path("<int:pk>/weights/reset/", views.batch_weights_reset, name="weights-reset"),
    path("<int:pk>/export.csv", views.batch_export, name="export"),
    path("<int:pk>/analyse-top/", views.batch_analyse_top, name="analyse-top"),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate"),
    path("candidates/<int:pk>/decision/", views.candidate_decision, name="decision"),
    path("candidates/<int:pk>/analyse/", views.candidate_analyse, name="analyse"),
]
