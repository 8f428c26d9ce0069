"""Who is at the keyboard: sign-in, the idle screen lock, switching user, and the administrator's
user management. Widgets here call `session.auth` (AuthService) and read `session.can(...)`; they
never import the store."""
