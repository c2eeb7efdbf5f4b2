"""The discussion under a publication or an activity: one model (app.models.Comment), one
service, one thread fragment (templates/discussions/_thread.html). The parent's feature
owns its comment route (feed.comment, activities.comment), which calls `views.post_comment`."""
