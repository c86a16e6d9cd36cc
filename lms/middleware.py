from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class DanishFirstLocaleMiddleware:
    """Danish unless the person chose another language; the browser's language is not asked.

    Django's LocaleMiddleware follows Accept-Language, which would show English to the many
    Danish teachers whose browsers are set up in English.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response
