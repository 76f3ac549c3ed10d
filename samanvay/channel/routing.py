from django.urls import path

from samanvay.channel.consumers import GroupConsumer

websocket_urlpatterns = [
    path("ws/group/<int:pk>/", GroupConsumer.as_asgi()),
]
