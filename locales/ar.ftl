# واجهة بايلاين بالعربية.

-brand = بايلاين

## The frame around every page

site-name = { -brand }
site-tagline = أخبار المنطقة، وما يقوله القرّاء عنها
document-title = { $page } — { -brand }
skip-to-content = انتقل إلى المحتوى
nav-account = الحساب
nav-language = اللغة
your-account = حسابك
sign-in-up = الدخول / التسجيل
footer-demo = { -brand } — محتوى تجريبي كُتب لهذا المشروع.
footer-rendered = عُرضت الصفحة في { $seconds } ث
theme-toggle = المظهر الداكن
loading = جارٍ التحميل…

## Loading and failures

loading-what = جارٍ تحميل { $what }…
could-not-load = تعذّر تحميل { $what }.
try-again = حاول مجددًا
what-article = المقال
what-comments = التعليقات
what-latest-comments = أحدث التعليقات
what-latest-stories = أحدث الأخبار
what-other-stories = أخبار أخرى
what-confirmation = تأكيد حسابك
what-sign-in = تسجيل دخولك
what-part = هذا الجزء من الصفحة
chunk-failed-detail = تحقّق من اتصالك ثم حاول مجددًا. لن يضيع شيء مما كتبته.
error-network = تعذّر الوصول إلى { -brand }. تحقّق من اتصالك ثم حاول مجددًا.
error-timeout = يتأخر { -brand } في الرد. حاول مجددًا بعد قليل.
error-malformed = أرسل { -brand } ردًّا لم تتمكن الصفحة من قراءته. حاول مجددًا بعد قليل.
error-not-found = لم نجد هذه الصفحة.
error-too-large = هذا أكثر مما يقبله { -brand } دفعة واحدة.
error-fields = بعض الحقول تحتاج إلى تعديل.
error-too-many = طلبات كثيرة. انتظر قليلًا ثم حاول مجددًا.
error-server = لدى { -brand } مشكلة من جهته. حاول مجددًا بعد قليل.
error-status = ردّ { -brand } بخطأ ({ $status }).

## Pages

latest-news = آخر الأخبار
more-from-site = المزيد من { -brand }
more-stories = المزيد من الأخبار
not-found-title = الصفحة غير موجودة
not-found-heading = لم نجد هذه الصفحة
not-found-text = ربما نُقل الخبر، أو كُتب العنوان خطأً.
not-found-home = اذهب إلى آخر الأخبار

## The article

article-by = بقلم { $author }
article-updated = حُدّث في { $date }

## Comment counts

comment-count = { $count ->
    [0] لا تعليقات بعد
    [one] تعليق واحد
    [two] تعليقان
    [few] { $count } تعليقات
    [many] { $count } تعليقًا
   *[other] { $count } تعليق
}
comments-heading = { $count ->
    [0] التعليقات
    [one] تعليق واحد
    [two] تعليقان
    [few] { $count } تعليقات
    [many] { $count } تعليقًا
   *[other] { $count } تعليق
}

## Comments

sort-comments = ترتيب التعليقات
sort-oldest = الأقدم أولًا
sort-newest = الأحدث أولًا
comments-empty = لا تعليقات بعد. ابدأ النقاش.
comments-list = التعليقات
comments-linked-region = التعليق الذي وصلت إليه عبر رابط
comments-linked-note = التعليق الذي وصلت إليه عبر رابط، ضمن سلسلته:
load-more-comments = تحميل المزيد من التعليقات
threads-shown = { $count ->
    [one] سلسلة واحدة معروضة
    [two] سلسلتان معروضتان
    [few] { $count } سلاسل معروضة
    [many] { $count } سلسلة معروضة
   *[other] { $count } سلسلة معروضة
}
comment-member-badge = عضو
comment-replying-to = ردًّا على { $name }
comment-link = رابط هذا التعليق
comment-reply = ردّ
comment-reply-to = الرد على { $name }
comment-replies-to = الردود على { $name }
comment-removed = حذف كاتب هذا التعليق تعليقه.
comment-edited = عُدّل
comment-edited-at = عُدّل في { $date }
comment-edit = تعديل
comment-edit-label = عدّل تعليقك
comment-delete = حذف
comment-delete-label = احذف تعليقك
comment-delete-confirm = أتحذف هذا التعليق؟
comment-keep = أبقِه
comment-your-text = تعليقك
comment-save = حفظ
cancel = إلغاء

## The comment form

form-title-new = أضف تعليقًا
form-title-reply = ردّك
form-commenting-as = تعلّق باسم { $name }.
form-sign-out = تسجيل الخروج
form-guest-before = أنت تعلّق بصفتك زائرًا. الحقول المعلّمة بـ
form-required = مطلوبة
form-guest-middle = مطلوبة. ألديك حساب؟
form-sign-in-link = سجّل الدخول أو أنشئ حسابًا
form-guest-after = لتعلّق بصفتك عضوًا؛ يبقى نصّك هنا.
form-name = الاسم
form-email = البريد الإلكتروني
form-email-hint = لا يُعرض للعموم أبدًا. تستخدمه غرفة الأخبار فقط للتواصل معك بشأن تعليقك.
form-comment = التعليق
form-characters = حرفًا
form-not-sent = لم يُرسل تعليقك. { $reason }
form-text-kept = نصّك ما زال هنا.
form-retry = أعد المحاولة
form-sending = جارٍ الإرسال…
form-post-reply = انشر الرد
form-post-comment = انشر التعليق
form-status-sending = جارٍ إرسال تعليقك…
form-status-sent = نُشر تعليقك.

## Sidebars

latest-title = ماذا تقولون
latest-empty = لا تعليقات بعد.
latest-on = على
elsewhere-title = في { -brand } أيضًا
elsewhere-more = المزيد
elsewhere-more-label = المزيد: { $title }
be-part-of-title = كن جزءًا من { -brand }
be-part-of-text = رأيت شيئًا يحدث حيث تعيش؟ شارك قصتك وصورك ومقاطعك المصوّرة مع غرفة أخبارنا.
be-part-of-action = أرسل لنا قصتك

## Widgets on partners' pages

embed-popup-blocked = منع متصفحك نافذة تسجيل الدخول. اسمح بالنوافذ المنبثقة لهذه الصفحة، ثم اختر «سجّل الدخول أو أنشئ حسابًا» مجددًا.
embed-no-article = لا تسمّي أداة التعليقات هذه أي مقال: أعطِ عنصرها data-article، أو data-url لصفحة خاصة بك.
embed-not-open = التعليقات غير متاحة على هذه الصفحة.

## Dates for languages the browser cannot format (the browser formats Arabic itself)

time-now = الآن
time-minutes-ago = { $count ->
    [one] قبل دقيقة
    [two] قبل دقيقتين
    [few] قبل { $count } دقائق
   *[other] قبل { $count } دقيقة
}
time-hours-ago = { $count ->
    [one] قبل ساعة
    [two] قبل ساعتين
    [few] قبل { $count } ساعات
   *[other] قبل { $count } ساعة
}
time-days-ago = { $count ->
    [one] أمس
    [two] قبل يومين
    [few] قبل { $count } أيام
   *[other] قبل { $count } يومًا
}
time-weeks-ago = { $count ->
    [one] الأسبوع الماضي
    [two] قبل أسبوعين
    [few] قبل { $count } أسابيع
   *[other] قبل { $count } أسبوعًا
}
time-months-ago = { $count ->
    [one] الشهر الماضي
    [two] قبل شهرين
    [few] قبل { $count } أشهر
   *[other] قبل { $count } شهرًا
}
time-years-ago = { $count ->
    [one] العام الماضي
    [two] قبل عامين
    [few] قبل { $count } أعوام
   *[other] قبل { $count } عامًا
}
date-long = { $day } { $month } { $year }
date-time = { $day } { $month } { $year }، { $time }
month-1 = كانون الثاني
month-2 = شباط
month-3 = آذار
month-4 = نيسان
month-5 = أيار
month-6 = حزيران
month-7 = تموز
month-8 = آب
month-9 = أيلول
month-10 = تشرين الأول
month-11 = تشرين الثاني
month-12 = كانون الأول

## The comment rules, as the page says them before sending

rule-name-empty = أدخل الاسم الذي يظهر مع تعليقك.
rule-name-too-long = استخدم { $max } حرفًا على الأكثر لاسمك (في هذا الاسم { $count }).
rule-name-control = لا يمكن أن يحتوي اسمك على فواصل أسطر أو محارف تحكّم.
rule-email-empty = أدخل بريدك الإلكتروني. لا يُعرض أبدًا.
rule-email-too-long = لا يتجاوز البريد الإلكتروني { $max } حرفًا.
rule-email-malformed = أدخل بريدًا إلكترونيًا مثل name@example.com.
rule-body-empty = اكتب تعليقك قبل إرساله.
rule-body-too-long = اجعل تعليقك في حدود { $max } حرف؛ فيه الآن { $count }.
rule-body-control = في تعليقك محارف تحكّم؛ احذفها ثم حاول مجددًا.
rule-parent-invalid = اختر تعليقًا موجودًا للرد عليه.
rule-guest-missing = أدخل اسمك وبريدك الإلكتروني لتعلّق بصفتك زائرًا.
rule-password-too-short = استخدم { $min } أحرف على الأقل لكلمة المرور (في هذه { $count }).
rule-password-too-long = استخدم { $max } حرفًا على الأكثر لكلمة المرور.
rule-password-is-email = لا يمكن أن تكون كلمة المرور هي بريدك الإلكتروني.
rule-password-common = كلمة المرور هذه من الأكثر شيوعًا؛ اختر غيرها.
rule-current-password-empty = أدخل كلمة المرور الحالية.
rule-password-unchanged = اختر كلمة مرور مختلفة عن الحالية.

## حالات الخادم نفسه (رموز العقد)، في صفحات القرّاء والأدوات المضمّنة

code-name-taken = يستخدم أحد أعضاء { -brand } هذا الاسم. اختر اسمًا آخر.
code-signed-out = لم تعد مسجّلًا الدخول. سجّل الدخول مجددًا ثم أرسل مرة أخرى.
code-cross-site = رفض { -brand } هذا الطلب لأنه لم يأتِ من الموقع نفسه. أعد تحميل الصفحة وحاول مجددًا.
code-not-your-comment = لا يستطيع تعديل هذا التعليق أو حذفه إلا من نشره.
code-edit-window-closed = انتهى وقت تعديل هذا التعليق. ما زال بإمكانك حذفه.

## الحماية من الإغراق والرسائل المزعجة (رموز العقد)

form-trap = اترك هذا الحقل فارغًا
code-rate-limited = ترسل كثيرًا في وقت قصير. انتظر { $seconds ->
    [one] ثانية واحدة
    [two] ثانيتين
    [few] { $seconds } ثوانٍ
    [many] { $seconds } ثانية
   *[other] { $seconds } ثانية
} ثم أرسل مجددًا؛ نصّك باقٍ هنا.
code-duplicate-comment = نشرت هذا التعليق نفسه قبل قليل.
code-too-many-links = لا يحمل تعليق الزائر إلا روابط قليلة. احذف بعضها، أو سجّل الدخول لتنشر أكثر.
code-banned-words = يحتوي هذا على كلمات لا ينشرها { -brand }. غيّرها ثم أرسل مجددًا.
code-looks-automated = يبدو هذا التعليق آليًا، فلم يُنشر. إن كنت شخصًا، فأعد تحميل الصفحة وحاول مجددًا.
code-key-reused = أُرسل هذا من قبل بمحتوى مختلف. أعد تحميل الصفحة ثم أرسله مجددًا.
code-request-in-progress = ما زالت محاولتك الأولى قيد المعالجة. انتظر لحظة ثم أرسل مجددًا؛ يبقى نصك هنا.

## Moderation: reports, held comments, closed comments

comment-report = إبلاغ
comment-report-label = الإبلاغ عن تعليق { $name }
report-legend = لماذا ينبغي أن يراجع المشرفون هذا التعليق؟
report-reason-spam = رسائل مزعجة أو إعلان
report-reason-abuse = إساءة أو تحرّش أو كراهية
report-reason-off-topic = خارج الموضوع
report-reason-other = سبب آخر
report-detail = ما المشكلة فيه؟
report-detail-required = اذكر ما المشكلة فيه.
report-send = أرسل البلاغ
report-thanks = شكرًا لك. سيراجعه المشرفون.
comment-hidden = هذا التعليق مخفي إلى أن يراجعه المشرفون.
comment-awaiting = بانتظار المراجعة
form-premoderated = تظهر التعليقات هنا بعد أن يوافق عليها أحد المشرفين.
form-first-moderated = يظهر التعليق الأول هنا بعد أن يوافق عليه أحد المشرفين.
comments-closed = التعليقات مغلقة على هذا المقال.
form-status-pending = شكرًا لك. سيظهر تعليقك بعد أن يوافق عليه أحد المشرفين.
code-comments-closed = التعليقات مغلقة على هذا المقال.
code-banned = أوقفك المشرفون عن التعليق على هذا الموقع.
code-already-reported = سبق أن أبلغت عن هذا التعليق.
comment-like = إعجاب
comment-like-label = الإعجاب بتعليق { $name }
comment-likes = { $count ->
    [one] إعجاب واحد
    [two] إعجابان
    [few] { $count } إعجابات
   *[other] { $count } إعجاب
}
comment-featured = مختار
comment-feature = اختره
comment-unfeature = ألغِ الاختيار
sort-top = الأبرز
