# Byline's interface in English: the reference catalogue. Every other catalogue has exactly
# these messages (a unit test checks), with the same variables.

-brand = Byline

## The frame around every page

site-name = { -brand }
site-tagline = Regional news, and what readers make of it
document-title = { $page } — { -brand }
skip-to-content = Skip to content
nav-account = Account
nav-language = Language
your-account = Your account
sign-in-up = Sign in / up
footer-demo = { -brand } — demo content, written for this project.
footer-rendered = Rendered in { $seconds } s
theme-toggle = Dark theme
loading = Loading…

## Loading and failures

loading-what = Loading { $what }…
could-not-load = We could not load { $what }.
try-again = Try again
what-article = the article
what-comments = the comments
what-latest-comments = the latest comments
what-latest-stories = the latest stories
what-other-stories = other stories
what-confirmation = the confirmation of your account
what-sign-in = your sign-in
what-part = this part of the page
chunk-failed-detail = Check your connection, then try again. Nothing you typed is lost.
error-network = We could not reach { -brand }. Check your connection, then try again.
error-timeout = { -brand } is taking too long to answer. Try again in a moment.
error-malformed = { -brand } sent an answer the page could not read. Try again in a moment.
error-not-found = We could not find that page.
error-too-large = That is more than { -brand } accepts in one go.
error-fields = Some fields need changes.
error-too-many = Too many requests. Wait a moment, then try again.
error-server = { -brand } has a problem on its side. Try again in a moment.
error-status = { -brand } answered with an error ({ $status }).

## Pages

latest-news = Latest news
more-from-site = More from { -brand }
more-stories = More stories
not-found-title = Page not found
not-found-heading = We could not find that page
not-found-text = The story may have moved, or the address may be mistyped.
not-found-home = Go to the latest stories

## The article

article-by = By { $author }
article-updated = Updated { $date }

## Comment counts

comment-count = { $count ->
    [0] No comments yet
    [one] { $count } comment
   *[other] { $count } comments
}
comments-heading = { $count ->
    [0] Comments
    [one] { $count } comment
   *[other] { $count } comments
}

## Comments

sort-comments = Sort comments
sort-oldest = Oldest first
sort-newest = Newest first
comments-empty = No comments yet. Start the conversation.
comments-list = Comments
comments-linked-region = The comment you followed a link to
comments-linked-note = The comment you followed a link to, in its thread:
load-more-comments = Load more comments
threads-shown = { $count ->
    [one] { $count } thread shown
   *[other] { $count } threads shown
}
comment-member-badge = member
comment-replying-to = replying to { $name }
comment-link = Link to this comment
comment-reply = Reply
comment-reply-to = Reply to { $name }
comment-replies-to = Replies to { $name }
comment-removed = This comment was removed by its author.
comment-edited = edited
comment-edited-at = Edited { $date }
comment-edit = Edit
comment-edit-label = Edit your comment
comment-delete = Delete
comment-delete-label = Delete your comment
comment-delete-confirm = Delete this comment?
comment-keep = Keep it
comment-your-text = Your comment
comment-save = Save
cancel = Cancel

## The comment form

form-title-new = Add a comment
form-title-reply = Your reply
form-commenting-as = Commenting as { $name }.
form-sign-out = Sign out
form-guest-before = You are commenting as a guest. Fields marked
form-required = required
form-guest-middle = are required. Have an account?
form-sign-in-link = Sign in or sign up
form-guest-after = to comment as a member; your text stays here.
form-name = Name
form-email = Email
form-email-hint = Never shown publicly. The newsroom uses it only to reach you about your comment.
form-comment = Comment
form-characters = characters
form-not-sent = Your comment was not sent. { $reason }
form-text-kept = Your text is still here.
form-retry = Retry
form-sending = Sending…
form-post-reply = Post reply
form-post-comment = Post comment
form-status-sending = Sending your comment…
form-status-sent = Your comment is posted.

## Sidebars

latest-title = What you say
latest-empty = No comments yet.
latest-on = on
elsewhere-title = Elsewhere on { -brand }
elsewhere-more = more
elsewhere-more-label = More: { $title }
be-part-of-title = Be part of { -brand }
be-part-of-text = Saw something happen where you live? Share your story, photos and videos with our newsroom.
be-part-of-action = Send us your story

## Widgets on partners' pages

embed-popup-blocked = Your browser blocked the sign-in window. Allow pop-ups for this page, then choose “Sign in or sign up” again.
embed-no-article = This comment widget names no article: give its element a data-article, or a data-url for a page of your own.
embed-not-open = Comments are not open on this page.

## Dates for languages the browser cannot format (Kurdish): English has them for reference

time-now = just now
time-minutes-ago = { $count ->
    [one] a minute ago
   *[other] { $count } minutes ago
}
time-hours-ago = { $count ->
    [one] an hour ago
   *[other] { $count } hours ago
}
time-days-ago = { $count ->
    [one] yesterday
   *[other] { $count } days ago
}
time-weeks-ago = { $count ->
    [one] last week
   *[other] { $count } weeks ago
}
time-months-ago = { $count ->
    [one] last month
   *[other] { $count } months ago
}
time-years-ago = { $count ->
    [one] last year
   *[other] { $count } years ago
}
date-long = { $day } { $month } { $year }
date-time = { $day } { $month } { $year }, { $time }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## The comment rules, as the page says them before sending

rule-name-empty = Enter the name to show with your comment.
rule-name-too-long = Use at most { $max } characters for your name (this one has { $count }).
rule-name-control = Your name cannot contain line breaks or control characters.
rule-email-empty = Enter your email address. It is never shown.
rule-email-too-long = An email address has at most { $max } characters.
rule-email-malformed = Enter an email address like name@example.com.
rule-body-empty = Write your comment before sending it.
rule-body-too-long = Keep your comment to { $max } characters; it has { $count }.
rule-body-control = Your comment contains control characters; remove them and try again.
rule-parent-invalid = Choose an existing comment to reply to.
rule-guest-missing = Give your name and email address to comment as a guest.
rule-password-too-short = Use at least { $min } characters for your password (this one has { $count }).
rule-password-too-long = Use at most { $max } characters for your password.
rule-password-is-email = Your password cannot be your email address.
rule-password-common = This password is one of the most commonly used ones; choose another.
rule-current-password-empty = Enter your current password.
rule-password-unchanged = Choose a password different from your current one.

## The endpoint's own cases (contract codes), in the reader's pages and widgets

code-name-taken = A member of { -brand } uses this name. Choose another one.
code-signed-out = You are not signed in any more. Sign in again, then send it once more.
code-cross-site = { -brand } refused this request because it did not come from the site itself. Reload the page and try again.
code-not-your-comment = Only the person who posted this comment can change or delete it.
code-edit-window-closed = The time for editing this comment has passed. You can still delete it.

## Flood and spam defences (contract codes)

form-trap = Leave this field empty
code-rate-limited = You are sending a lot in a short time. Wait { $seconds ->
    [one] one second
   *[other] { $seconds } seconds
}, then send again; your text stays here.
code-duplicate-comment = You posted this same comment a moment ago.
code-too-many-links = A guest's comment may carry only a few links. Remove some, or sign in to post more.
code-banned-words = This contains words { -brand } does not publish. Change them and send it again.
code-looks-automated = This comment looks automated, so it was not posted. If you are a person, reload the page and try again.
code-key-reused = This was already sent once with different content. Reload the page, then send it again.
code-request-in-progress = Your first try is still on its way. Wait a moment, then send again; your text stays here.

## Moderation: reports, held comments, closed comments

comment-report = Report
comment-report-label = Report the comment of { $name }
report-legend = Why should the moderators look at this comment?
report-reason-spam = Spam or advertising
report-reason-abuse = Abuse, harassment or hate
report-reason-off-topic = Off topic
report-reason-other = Something else
report-detail = What is wrong with it?
report-detail-required = Say what is wrong with it.
report-send = Send report
report-thanks = Thank you. The moderators will look at it.
comment-hidden = This comment is hidden while the moderators review it.
comment-awaiting = Awaiting moderation
form-premoderated = Comments here appear once a moderator has approved them.
form-first-moderated = A first comment here appears once a moderator has approved it.
comments-closed = Comments are closed on this article.
form-status-pending = Thank you. Your comment will appear once a moderator has approved it.
code-comments-closed = Comments are closed on this article.
code-banned = The moderators have stopped you from commenting on this site.
code-already-reported = You have reported this comment already.
comment-like = Like
comment-like-label = Like the comment of { $name }
comment-likes = { $count ->
    [one] one like
   *[other] { $count } likes
}
comment-featured = Featured
comment-feature = Feature
comment-unfeature = Stop featuring
sort-top = Top
