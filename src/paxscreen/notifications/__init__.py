"""Notifications: in-app messages for users, and e-mail through SMTP when configured."""
