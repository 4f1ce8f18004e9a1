"""Live Well Hub: a place's front door to health, social care and community support."""

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChainableUndefined

from hub.config import ROOT, Config, config_from_env


def create_app(config: type[Config] | None = None) -> Flask:
    """Build the app: wiring only, no side effects beyond what extensions register."""
    from hub import cli
    from hub.access.listen import bp as listen_bp
    from hub.access.routes import bp as access_bp
    from hub.accounts.routes import bp as accounts_bp
    from hub.api.routes import bp as api_bp
    from hub.articles.routes import bp as articles_bp
    from hub.booklets.routes import bp as booklets_bp
    from hub.bulk.routes import bp as bulk_bp
    from hub.core import auth, errors, i18n, security, templating
    from hub.directory.routes import bp as directory_bp
    from hub.extensions import babel, csrf, db, limiter, migrate
    from hub.feedback.routes import bp as feedback_bp
    from hub.funding.routes import bp as funding_bp
    from hub.insights.routes import bp as insights_bp
    from hub.listings.routes import bp as listings_bp
    from hub.moderation.routes import bp as moderation_bp
    from hub.reports.routes import bp as reports_bp
    from hub.search import sync
    from hub.search.routes import bp as search_bp
    from hub.talking_points.manage import bp as talking_point_manage_bp
    from hub.talking_points.routes import bp as talking_points_bp
    from hub.talking_points.staff import bp as talking_point_staff_bp

    config = config or config_from_env()
    if config.SECRET_KEY is None:
        raise RuntimeError("Set SECRET_KEY in the environment before starting the hub.")
    app = Flask(__name__, static_folder="../static", static_url_path="/static")
    app.config.from_object(config)
    app.jinja_env.undefined = ChainableUndefined  # GOV.UK macros read missing keys

    db.init_app(app)
    # Batch mode lets later migrations alter tables on SQLite too.
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    WTFormsHelpers(app)
    auth.init_app(app)
    limiter.init_app(app)
    templating.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    sync.listen(db.session)

    app.register_blueprint(directory_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(listings_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(articles_bp)
    app.register_blueprint(funding_bp)
    app.register_blueprint(feedback_bp)
    app.register_blueprint(booklets_bp)
    app.register_blueprint(talking_points_bp)
    app.register_blueprint(talking_point_staff_bp)
    app.register_blueprint(talking_point_manage_bp)
    app.register_blueprint(access_bp)
    app.register_blueprint(listen_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(bulk_bp)
    app.register_blueprint(insights_bp)
    cli.init_app(app)
    return app
