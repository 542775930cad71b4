"""The web application: FastAPI app factory, JSON API and analyst pages."""
