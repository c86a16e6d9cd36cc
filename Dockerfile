# The LMS image: one image for web, worker and beat (bin/run-production picks the part).
# Built and run by compose.yaml; see README, "Production".
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=lms.settings.production \
    LMS_VAR_DIR=/var/lib/lms \
    LMS_VENV_BIN=/usr/local/bin

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin lms \
    && mkdir -p /var/lib/lms \
    && chown lms /var/lib/lms

WORKDIR /app
# Dependencies first, so a change of code does not reinstall them.
COPY pyproject.toml README.md ./
RUN mkdir -p lms competence_packages modules assignments feedback profiles_link demo \
    && for app in lms competence_packages modules assignments feedback profiles_link demo; do \
         touch "$app/__init__.py"; done \
    && pip install . \
    && pip uninstall --yes laeringsledelse-lms \
    && rm -rf lms competence_packages modules assignments feedback profiles_link demo
COPY . .
RUN pip install --no-deps -e . \
    && chmod +x bin/run-production

USER lms
EXPOSE 8000
VOLUME ["/var/lib/lms"]
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=8).status != 200)"
ENTRYPOINT ["bin/run-production"]
CMD ["web"]
