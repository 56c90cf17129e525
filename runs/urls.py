from django.urls import path

from runs import views

app_name = "runs"
urlpatterns = [
    path("<int:pk>/status/", views.run_status, name="status"),
    path("<int:pk>/<str:action>/", views.run_action, name="action"),
]
