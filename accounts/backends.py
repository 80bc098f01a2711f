from django.contrib.auth.backends import ModelBackend


class VerifiedEmailBackend(ModelBackend):
    """Signs people in by email and password, once they have verified the email."""

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and user.email_verified_at is not None
