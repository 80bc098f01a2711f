from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef

from accounts import permissions


class VerifiedEmailBackend(ModelBackend):
    """Signs people in by email and password, once they have verified the email."""

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and user.email_verified_at is not None

    def get_user(self, user_id):
        """The signed-in user of each request, read with the names of their
        groups in the same statement: nearly every page asks about roles
        (the navigation does), which would otherwise cost a second one."""
        group_names = Group.objects.filter(user=OuterRef("pk")).values("name")
        user = (
            get_user_model()
            ._default_manager.annotate(group_names=ArraySubquery(group_names))
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        permissions.remember_group_names(user, user.group_names)
        return user
