from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """Hindi unless the person chose otherwise: their account's language when signed in, else the
    language cookie. The browser's Accept-Language is deliberately ignored: Hindi is the default."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        user_language = (
            request.session.get("user_language") if hasattr(request, "session") else None
        )
        language = user_language or language
        if language not in self.codes:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
