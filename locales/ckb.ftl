# ڕووکاری بایلاین بە کوردیی ناوەندی (سۆرانی).

-brand = بایلاین

## The frame around every page

site-name = { -brand }
site-tagline = هەواڵی ناوچەکە، و ئەوەی خوێنەران دەیڵێن
document-title = { $page } — { -brand }
skip-to-content = بازدان بۆ ناوەڕۆک
nav-account = هەژمار
nav-language = زمان
your-account = هەژمارەکەت
sign-in-up = چوونەژوورەوە / خۆتۆمارکردن
footer-demo = { -brand } — ناوەڕۆکی نموونەیی، بۆ ئەم پڕۆژەیە نووسراوە.
footer-rendered = لە { $seconds } چرکەدا پیشان درا
theme-toggle = ڕووکاری تاریک
loading = بار دەکرێت…

## Loading and failures

loading-what = { $what } بار دەکرێت…
could-not-load = نەمانتوانی { $what } بار بکەین.
try-again = دووبارە هەوڵ بدەرەوە
what-article = وتارەکە
what-comments = لێدوانەکان
what-latest-comments = دوایین لێدوانەکان
what-latest-stories = دوایین هەواڵەکان
what-other-stories = هەواڵی تر
what-confirmation = پشتڕاستکردنەوەی هەژمارەکەت
what-sign-in = چوونەژوورەوەکەت
what-part = ئەم بەشەی پەڕەکە
chunk-failed-detail = پەیوەندییەکەت بپشکنە، پاشان دووبارە هەوڵ بدەوە. هیچ شتێک لەوەی نووسیوتە ون نابێت.
error-network = نەمانتوانی بگەینە { -brand }. پەیوەندییەکەت بپشکنە، پاشان دووبارە هەوڵ بدەرەوە.
error-timeout = وەڵامی { -brand } زۆر دەخایەنێت. کەمێکی تر دووبارە هەوڵ بدەرەوە.
error-malformed = { -brand } وەڵامێکی نارد کە پەڕەکە نەیتوانی بیخوێنێتەوە. کەمێکی تر دووبارە هەوڵ بدەرەوە.
error-not-found = ئەو پەڕەیەمان نەدۆزییەوە.
error-too-large = ئەمە زیاترە لەوەی { -brand } بە یەکجار وەریدەگرێت.
error-fields = هەندێک خانە پێویستیان بە گۆڕانکارییە.
error-too-many = داواکاریی زۆرە. کەمێک چاوەڕێ بکە، پاشان دووبارە هەوڵ بدەرەوە.
error-server = { -brand } کێشەیەکی لای خۆی هەیە. کەمێکی تر دووبارە هەوڵ بدەرەوە.
error-status = { -brand } بە هەڵەیەک وەڵامی دایەوە ({ $status }).

## Pages

latest-news = دوایین هەواڵەکان
more-from-site = زیاتر لە { -brand }
more-stories = هەواڵی زیاتر
not-found-title = پەڕەکە نەدۆزرایەوە
not-found-heading = ئەو پەڕەیەمان نەدۆزییەوە
not-found-text = لەوانەیە هەواڵەکە گوازرابێتەوە، یان ناونیشانەکە بە هەڵە نووسرابێت.
not-found-home = بڕۆ بۆ دوایین هەواڵەکان

## The article

article-by = نووسینی { $author }
article-updated = نوێکرایەوە لە { $date }

## Comment counts

comment-count = { $count ->
    [0] هێشتا هیچ لێدوانێک نییە
   *[other] { $count } لێدوان
}
comments-heading = { $count ->
    [0] لێدوانەکان
   *[other] { $count } لێدوان
}

## Comments

sort-comments = ڕیزکردنی لێدوانەکان
sort-oldest = کۆنترین سەرەتا
sort-newest = نوێترین سەرەتا
comments-empty = هێشتا هیچ لێدوانێک نییە. گفتوگۆکە دەست پێ بکە.
comments-list = لێدوانەکان
comments-linked-region = ئەو لێدوانەی بە بەستەرێک گەیشتیتە لای
comments-linked-note = ئەو لێدوانەی بە بەستەرێک گەیشتیتە لای، لەناو زنجیرەکەیدا:
load-more-comments = لێدوانی زیاتر بار بکە
threads-shown = { $count } زنجیرە پیشان دراون
comment-member-badge = ئەندام
comment-replying-to = وەڵام بۆ { $name }
comment-link = بەستەری ئەم لێدوانە
comment-reply = وەڵام
comment-reply-to = وەڵامدانەوەی { $name }
comment-replies-to = وەڵامەکان بۆ { $name }
comment-removed = نووسەرەکەی ئەم لێدوانەی سڕییەوە.
comment-edited = دەستکاریکراوە
comment-edited-at = دەستکاری کرا لە { $date }
comment-edit = دەستکاری
comment-edit-label = دەستکاریی لێدوانەکەت بکە
comment-delete = سڕینەوە
comment-delete-label = لێدوانەکەت بسڕەوە
comment-delete-confirm = ئەم لێدوانە بسڕیتەوە؟
comment-keep = بیهێڵەوە
comment-your-text = لێدوانەکەت
comment-save = پاشەکەوت
cancel = هەڵوەشاندنەوە

## The comment form

form-title-new = لێدوانێک بنووسە
form-title-reply = وەڵامەکەت
form-commenting-as = وەک { $name } لێدوان دەدەیت.
form-sign-out = چوونەدەرەوە
form-guest-before = وەک میوان لێدوان دەدەیت. ئەو خانانەی بە
form-required = پێویست
form-guest-middle = نیشانە کراون پێویستن. هەژمارت هەیە؟
form-sign-in-link = بچۆ ژوورەوە یان خۆت تۆمار بکە
form-guest-after = بۆ ئەوەی وەک ئەندام لێدوان بدەیت؛ دەقەکەت لێرە دەمێنێتەوە.
form-name = ناو
form-email = ئیمەیڵ
form-email-hint = هەرگیز بە گشتی پیشان نادرێت. ژووری هەواڵ تەنیا بۆ پەیوەندیکردن پێتەوە دەربارەی لێدوانەکەت بەکاری دەهێنێت.
form-comment = لێدوان
form-characters = پیت
form-not-sent = لێدوانەکەت نەنێردرا. { $reason }
form-text-kept = دەقەکەت هێشتا لێرەیە.
form-retry = دووبارە هەوڵ بدەرەوە
form-sending = دەنێردرێت…
form-post-reply = وەڵامەکە بڵاو بکەرەوە
form-post-comment = لێدوانەکە بڵاو بکەرەوە
form-status-sending = لێدوانەکەت دەنێردرێت…
form-status-sent = لێدوانەکەت بڵاو کرایەوە.

## Sidebars

latest-title = ئێوە چی دەڵێن
latest-empty = هێشتا هیچ لێدوانێک نییە.
latest-on = لەسەر
elsewhere-title = لە شوێنی تری { -brand }
elsewhere-more = زیاتر
elsewhere-more-label = زیاتر: { $title }
be-part-of-title = بەشێک بە لە { -brand }
be-part-of-text = شتێکت بینی لەو شوێنەی تێیدا دەژیت ڕووی دا؟ چیرۆک و وێنە و ڤیدیۆکانت لەگەڵ ژووری هەواڵەکەمان هاوبەش بکە.
be-part-of-action = چیرۆکەکەتمان بۆ بنێرە

## Widgets on partners' pages

embed-popup-blocked = وێبگەڕەکەت پەنجەرەی چوونەژوورەوەی ڕاگرت. ڕێگە بە پەنجەرە دەرپەڕەکان بدە بۆ ئەم پەڕەیە، پاشان دووبارە «بچۆ ژوورەوە یان خۆت تۆمار بکە» هەڵبژێرە.
embed-no-article = ئەم ئامرازی لێدوانە ناوی هیچ وتارێک نابات: data-article بدە بە توخمەکەی، یان data-url بۆ پەڕەیەکی خۆت.
embed-not-open = لێدوان لەسەر ئەم پەڕەیە کراوە نییە.

## Dates: the browser has no Sorani dates, so the page writes them from these

time-now = ئێستا
time-minutes-ago = { $count ->
    [one] خولەکێک لەمەوبەر
   *[other] { $count } خولەک لەمەوبەر
}
time-hours-ago = { $count ->
    [one] کاتژمێرێک لەمەوبەر
   *[other] { $count } کاتژمێر لەمەوبەر
}
time-days-ago = { $count ->
    [one] دوێنێ
   *[other] { $count } ڕۆژ لەمەوبەر
}
time-weeks-ago = { $count ->
    [one] هەفتەی ڕابردوو
   *[other] { $count } هەفتە لەمەوبەر
}
time-months-ago = { $count ->
    [one] مانگی ڕابردوو
   *[other] { $count } مانگ لەمەوبەر
}
time-years-ago = { $count ->
    [one] ساڵی ڕابردوو
   *[other] { $count } ساڵ لەمەوبەر
}
date-long = { $day }ی { $month }ی { $year }
date-time = { $day }ی { $month }ی { $year }، { $time }
month-1 = کانوونی دووەم
month-2 = شوبات
month-3 = ئازار
month-4 = نیسان
month-5 = ئایار
month-6 = حوزەیران
month-7 = تەممووز
month-8 = ئاب
month-9 = ئەیلوول
month-10 = تشرینی یەکەم
month-11 = تشرینی دووەم
month-12 = کانوونی یەکەم

## The comment rules, as the page says them before sending

rule-name-empty = ئەو ناوە بنووسە کە لەگەڵ لێدوانەکەت پیشان دەدرێت.
rule-name-too-long = بۆ ناوەکەت زۆرترین { $max } پیت بەکاربهێنە (ئەمەیان { $count } پیتە).
rule-name-control = ناوەکەت ناتوانێت هێڵی نوێ یان پیتی کۆنترۆڵی تێدا بێت.
rule-email-empty = ئیمەیڵەکەت بنووسە. هەرگیز پیشان نادرێت.
rule-email-too-long = ئیمەیڵ زۆرترین { $max } پیتە.
rule-email-malformed = ئیمەیڵێکی وەک name@example.com بنووسە.
rule-body-empty = پێش ناردن لێدوانەکەت بنووسە.
rule-body-too-long = لێدوانەکەت لە { $max } پیت تێپەڕ مەکە؛ ئێستا { $count } پیتە.
rule-body-control = لێدوانەکەت پیتی کۆنترۆڵی تێدایە؛ لایان ببە و دووبارە هەوڵ بدەرەوە.
rule-parent-invalid = لێدوانێکی هەبوو هەڵبژێرە بۆ وەڵامدانەوە.
rule-guest-missing = ناو و ئیمەیڵەکەت بنووسە بۆ ئەوەی وەک میوان لێدوان بدەیت.
rule-password-too-short = بۆ وشەی نهێنی لانیکەم { $min } پیت بەکاربهێنە (ئەمەیان { $count } پیتە).
rule-password-too-long = بۆ وشەی نهێنی زۆرترین { $max } پیت بەکاربهێنە.
rule-password-is-email = وشەی نهێنییەکەت ناتوانێت ئیمەیڵەکەت بێت.
rule-password-common = ئەم وشە نهێنییە یەکێکە لە باوترینەکان؛ یەکێکی تر هەڵبژێرە.
rule-current-password-empty = وشەی نهێنیی ئێستات بنووسە.
rule-password-unchanged = وشەیەکی نهێنی هەڵبژێرە کە جیاواز بێت لە ئێستاکەت.

## حاڵەتەکانی خودی ڕاژەکار (کۆدەکانی گرێبەست)، لە پەڕەکانی خوێنەران و ئامرازەکاندا

code-name-taken = ئەندامێکی { -brand } ئەم ناوە بەکاردەهێنێت. ناوێکی تر هەڵبژێرە.
code-signed-out = ئیتر لە ژوورەوە نیت. دووبارە بچۆ ژوورەوە، پاشان جارێکی تر بینێرە.
code-cross-site = { -brand } ئەم داواکارییەی ڕەت کردەوە، چونکە لە خودی ماڵپەڕەکەوە نەهاتووە. پەڕەکە نوێ بکەرەوە و دووبارە هەوڵ بدەرەوە.
code-not-your-comment = تەنها ئەو کەسەی ئەم لێدوانەی بڵاو کردۆتەوە دەتوانێت بیگۆڕێت یان بیسڕێتەوە.
code-edit-window-closed = کاتی دەستکاریکردنی ئەم لێدوانە تێپەڕیوە. هێشتا دەتوانیت بیسڕیتەوە.

## بەرگری لە لافاو و نامەی بێزارکەر (کۆدەکانی گرێبەست)

form-trap = ئەم خانەیە بەتاڵ بهێڵەرەوە
code-rate-limited = لە ماوەیەکی کورتدا زۆر دەنێریت. { $seconds ->
    [one] یەک چرکە
   *[other] { $seconds } چرکە
} چاوەڕێ بکە، پاشان دووبارە بینێرە؛ دەقەکەت لێرە دەمێنێتەوە.
code-duplicate-comment = هەر ئەم لێدوانەت کەمێک لەمەوبەر بڵاو کردەوە.
code-too-many-links = لێدوانی میوان تەنها چەند بەستەرێکی کەمی تێدا دەبێت. هەندێکیان لابەرە، یان بچۆ ژوورەوە بۆ ئەوەی زیاتر بڵاو بکەیتەوە.
code-banned-words = ئەمە وشەی تێدایە کە { -brand } بڵاویان ناکاتەوە. بیانگۆڕە و دووبارە بینێرە.
code-looks-automated = ئەم لێدوانە وەک لێدوانی خۆکار دەردەکەوێت، بۆیە بڵاو نەکرایەوە. ئەگەر تۆ مرۆڤیت، پەڕەکە نوێ بکەرەوە و دووبارە هەوڵ بدەرەوە.
code-key-reused = ئەمە پێشتر بە ناوەڕۆکێکی جیاواز نێردرابوو. پەڕەکە نوێ بکەرەوە، پاشان دووبارە بینێرە.
code-request-in-progress = هەوڵی یەکەمت هێشتا لە ڕێگادایە. کەمێک چاوەڕێ بکە، پاشان دووبارە بینێرە؛ دەقەکەت لێرە دەمێنێتەوە.

## Moderation: reports, held comments, closed comments

comment-report = ڕاپۆرت
comment-report-label = ڕاپۆرتکردنی لێدوانی { $name }
report-legend = بۆچی سەرپەرشتیاران دەبێت سەیری ئەم لێدوانە بکەن؟
report-reason-spam = سپام یان ڕیکلام
report-reason-abuse = سووکایەتی، ئازاردان یان ڕق
report-reason-off-topic = دوور لە بابەت
report-reason-other = شتێکی تر
report-detail = کێشەکەی چییە؟
report-detail-required = بڵێ کێشەکەی چییە.
report-send = ڕاپۆرتەکە بنێرە
report-thanks = سوپاس. سەرپەرشتیاران سەیری دەکەن.
comment-hidden = ئەم لێدوانە شاردراوەتەوە تا سەرپەرشتیاران پێیدا دەچنەوە.
comment-awaiting = چاوەڕێی پێداچوونەوە
form-premoderated = لێدوانەکان لێرە دوای ئەوەی سەرپەرشتیارێک ڕەزامەندی دا دەردەکەون.
form-first-moderated = یەکەم لێدوان لێرە دوای ئەوەی سەرپەرشتیارێک ڕەزامەندی دا دەردەکەوێت.
comments-closed = لێدوان لەسەر ئەم بابەتە داخراوە.
form-status-pending = سوپاس. لێدوانەکەت دوای ئەوەی سەرپەرشتیارێک ڕەزامەندی دا دەردەکەوێت.
code-comments-closed = لێدوان لەسەر ئەم بابەتە داخراوە.
code-banned = سەرپەرشتیاران ڕێگەیان لێ گرتوویت لەم ماڵپەڕەدا لێدوان بنووسیت.
code-already-reported = پێشتر ڕاپۆرتی ئەم لێدوانەت کردووە.
comment-like = پەسەند
comment-like-label = پەسەندکردنی لێدوانی { $name }
comment-likes = { $count ->
    [one] یەک پەسەند
   *[other] { $count } پەسەند
}
comment-featured = هەڵبژێردراو
comment-feature = هەڵیبژێرە
comment-unfeature = هەڵبژاردنەکە لاببە
sort-top = دیارترین
