-- Featured comments come first in every order, not only under "Top": the first page of the
-- oldest and newest orders starts with them, read through this small index.
CREATE INDEX comments_roots_featured ON comments (article_id, created_at, id)
    WHERE parent_id IS NULL AND featured_at IS NOT NULL;
