# صفحات الحساب بالعربية.

-brand = بايلاين

acc-connect-using = أو ادخل عبر
acc-sign-in-title = تسجيل الدخول
acc-signed-in-as = أنت مسجّل الدخول باسم { $name }.
acc-comment-with-account = علّق بهذا الحساب
acc-back-to-reading = عُد إلى القراءة
acc-sign-in-intro = يعلّق الأعضاء دون إعادة كتابة بياناتهم، ويمكنهم تعديل تعليقاتهم وحذفها من أي جهاز.
acc-signing-in = جارٍ تسجيل الدخول…
acc-forgot-link = نسيت كلمة المرور؟
acc-email = البريد الإلكتروني
acc-password = كلمة المرور
acc-new-here = جديد هنا؟
acc-create-account-link = أنشئ حسابًا
acc-or = أو
acc-guest-back = عُد وعلّق بصفتك زائرًا
acc-need-email = أدخل البريد الإلكتروني لحسابك.
acc-need-password = أدخل كلمة المرور.
acc-oidc-other-browser = بدأ تسجيل الدخول هذا في متصفح أو نافذة أخرى. ابدأ من جديد من هنا.
acc-oidc-expired = استغرق تسجيل الدخول هذا وقتًا طويلًا، أو استُخدم من قبل. ابدأ من جديد.
acc-oidc-cancelled = لم تسجّل الدخول عبر مزوّد الخدمة: أُلغي الطلب أو رُفض.
acc-oidc-no-email = لم يشارك مزوّد الخدمة بريدك الإلكتروني، وهو ما يحتاجه { -brand } لإنشاء حساب. سجّل الدخول ببريدك الإلكتروني بدلًا من ذلك.
acc-oidc-unverified = لم يتحقق مزوّد الخدمة من بريدك الإلكتروني. تحقّق منه هناك، أو سجّل الدخول ببريدك الإلكتروني بدلًا من ذلك.
acc-oidc-unavailable = لم ينجح تسجيل الدخول عبر مزوّد الخدمة الآن. حاول مجددًا بعد قليل، أو سجّل الدخول ببريدك الإلكتروني.
acc-register-title = إنشاء حساب
acc-register-submit = أنشئ الحساب
acc-creating = جارٍ الإنشاء…
acc-display-name = الاسم المعروض
acc-display-name-hint = يظهر مع تعليقاتك. لا يمكن لأحد غيرك التعليق به.
acc-email-hint = لا يُعرض للعموم أبدًا. نرسل إليه رابطًا لتأكيد حسابك.
acc-password-hint = عشرة أحرف على الأقل، وليست كلمة مرور شائعة.
acc-already-member = عضو بالفعل؟
acc-confirm-title = تأكيد الحساب
acc-welcome = أهلًا بك، { $name }
acc-confirmed = تأكّد حسابك وأنت الآن مسجّل الدخول.
acc-confirm-needs-link = تحتاج هذه الصفحة إلى الرابط الموجود في رسالة التأكيد.
acc-register-again = سجّل مجددًا
acc-register-again-after = للحصول على رابط جديد، أو
acc-sign-in-lower = سجّل الدخول
acc-if-confirmed = إن كنت قد أكّدت حسابك من قبل.
acc-signing-you-in = جارٍ تسجيل دخولك
acc-signed-in = أنت مسجّل الدخول.
acc-sign-in-again = سجّل الدخول مجددًا
acc-forgot-title = نسيت كلمة المرور؟
acc-forgot-intro = أدخل البريد الإلكتروني الذي سجّلت به، وسنرسل إليك رابطًا لاختيار كلمة مرور جديدة.
acc-send-link = أرسل الرابط
acc-sending = جارٍ الإرسال…
acc-remembered = تذكّرتها؟
acc-handoff-closing = أنت مسجّل الدخول. تُغلق هذه النافذة من تلقاء نفسها.
acc-handoff-go-back = أنت مسجّل الدخول. عُد إلى الصفحة التي فيها التعليقات.
acc-not-signed-in = لست مسجّل الدخول.
acc-check-email = تفقّد بريدك الإلكتروني
acc-reset-title = اختر كلمة مرور جديدة
acc-password-changed = تغيّرت كلمة المرور
acc-reset-signed-in = أنت مسجّل الدخول. سُجّل خروج كل الأجهزة الأخرى.
acc-front-page = اذهب إلى الصفحة الأولى
acc-reset-needs-link = تحتاج هذه الصفحة إلى الرابط الموجود في رسالة إعادة تعيين كلمة المرور.
acc-new-link = اطلب رابطًا جديدًا
acc-save-password = احفظ كلمة المرور الجديدة
acc-saving = جارٍ الحفظ…
acc-new-password = كلمة المرور الجديدة
acc-title = حسابك
acc-deleted = حُذف حسابك
acc-deleted-text = سُجّل خروجك. شكرًا لمشاركتك في النقاش.
acc-your-comments = تعليقاتك
acc-export-text = كل ما كتبته هنا، مع المقال الذي ينتمي إليه كل تعليق، في ملف JSON واحد.
acc-export-link = نزّل تعليقاتي
acc-or-lower = أو
acc-create-account-lower = أنشئ حسابًا
acc-sign-out = تسجيل الخروج
acc-name-changed = تغيّر اسمك المعروض، على تعليقاتك السابقة أيضًا.
acc-change-name = غيّر الاسم
acc-new-display-name = الاسم المعروض الجديد
acc-name-hint-change = يظهر مع كل تعليقاتك، السابقة واللاحقة.
acc-password-changed-others = تغيّرت كلمة المرور. سُجّل خروج أجهزتك الأخرى.
acc-change-password = غيّر كلمة المرور
acc-current-password = كلمة المرور الحالية
acc-delete-need-password = أدخل كلمة المرور لحذف حسابك.
acc-delete-title = احذف حسابك
acc-delete-text = لا يمكن التراجع عن هذا. تبقى تعليقاتك، وتظهر باسم «عضو سابق»، ما لم تحدّد المربع أدناه.
acc-delete-submit = احذف حسابي
acc-deleting = جارٍ الحذف…
acc-delete-comments = احذف تعليقاتي أيضًا
acc-your-password = كلمة المرور
field-show = إظهار
field-hide = إخفاء
field-password-word = كلمة المرور

## حالات الخادم نفسه (رموز العقد) في صفحات الحساب

acc-code-sign-in-failed = البريد الإلكتروني أو كلمة المرور غير صحيحة، أو أن الحساب لم يُؤكَّد بعد.
acc-code-sign-in-throttled = محاولات فاشلة كثيرة. انتظر { $seconds ->
    [one] ثانية واحدة
    [two] ثانيتين
    [few] { $seconds } ثوانٍ
    [many] { $seconds } ثانية
   *[other] { $seconds } ثانية
} قبل المحاولة مجددًا.
acc-code-widget-session = أدِر حسابك من موقع { -brand } نفسه، لا من أداة التعليقات المضمّنة.
acc-code-confirm-link = رابط التأكيد هذا لا يعمل: ربما كُتب خطأً أو استُخدم من قبل أو مضى عليه أكثر من ٢٤ ساعة. سجّل الدخول إن كنت أكّدت حسابك، أو سجّل من جديد.
acc-code-reset-link = رابط إعادة تعيين كلمة المرور هذا لا يعمل: ربما كُتب خطأً أو استُخدم من قبل أو مضت عليه أكثر من ساعة. اطلب رابطًا جديدًا.
acc-code-provider-unknown = مزوّد تسجيل الدخول هذا غير متاح هنا.
acc-code-password-wrong = هذه ليست كلمة مرورك الحالية.
acc-code-password-not-set = ليست لحسابك كلمة مرور بعد، لأنك تسجّل الدخول عبر مزوّد. عيّن واحدة أولًا عبر «نسيت كلمة المرور؟».
acc-code-register-sent = شكرًا لك. أرسلنا رسالة إلى هذا العنوان: اتبع الرابط الذي فيها خلال ٢٤ ساعة لتأكيد حسابك.
acc-code-forgot-sent = إن كان هذا العنوان لحساب مؤكَّد، فقد أرسلنا إليه رابطًا لاختيار كلمة مرور جديدة. يعمل الرابط لمدة ساعة.

## The moderators' queue

acc-code-not-a-moderator = هذه الصفحة لمشرفي الموقع وحدهم.
acc-mod-title = الإشراف
acc-mod-link = قائمة الإشراف
acc-mod-queue = بانتظار قرار
acc-mod-empty = لا شيء بانتظار قرار.
acc-mod-pending = بانتظار الموافقة
acc-mod-hidden = مخفي بعد بلاغات
acc-mod-on = على «{ $title }»
acc-mod-in-reply = ردًا على { $name }:
acc-mod-reports = البلاغات
acc-mod-history = هذا الكاتب: { $published } منشور، { $held } بانتظار، { $rejected } مرفوض
acc-mod-banned = محظور
acc-mod-approve = وافق
acc-mod-reject = ارفض
acc-mod-reject-ban = ارفض واحظر الكاتب
acc-mod-reason = السبب (للسجل)
acc-mod-reason-needed = اذكر السبب للسجل.
acc-mod-approved = تمت الموافقة.
acc-mod-rejected = تم الرفض.
acc-mod-articles = الإشراف على المقالات
acc-mod-article = المقال
acc-mod-mode = الوضع
acc-mod-mode-post = تظهر التعليقات فورًا
acc-mod-mode-pre = كل تعليق ينتظر الموافقة
acc-mod-mode-first = ينتظر أصحاب التعليق الأول الموافقة
acc-mod-mode-closed = التعليقات مغلقة
acc-mod-save-mode = احفظ
acc-mod-mode-saved = حُفظ.
acc-mod-log = آخر الإجراءات
acc-mod-log-empty = لا إجراءات بعد.
acc-mod-by-site = الموقع

## Be part of: contributions

acc-code-not-photo-or-video = هذا الملف ليس صورة (JPEG أو PNG أو WebP أو HEIC) ولا فيديو (MP4 أو WebM أو MOV)، مهما قال اسمه.
acc-code-file-too-large = هذا الملف أكبر مما يقبله هذا الموقع.
con-title = كن جزءًا من القصة
con-intro = أرسل إلى غرفة الأخبار ما رأيت: قصتك، وحتى 10 صور ومقاطع فيديو.
con-field-title = عمّ يتحدث؟
con-field-story = قصتك
con-field-place = أين حدث؟ (اختياري)
con-field-date = متى حدث؟ (اختياري)
con-field-name = اسمك
con-field-email = بريدك الإلكتروني
con-email-hint = لردّنا وإيصالك فقط؛ لا يُنشر أبدًا.
con-files = الصور والفيديو
con-files-hint = حتى 10 ملفات: صور حتى 20 ميغابايت (JPEG وPNG وWebP وHEIC)، وفيديو حتى 200 ميغابايت (MP4 وWebM وMOV).
con-choose = اختر الملفات
con-drop = أو أفلتها هنا
con-remove = أزل { $name }
con-consent = أوافق على أن تنشر غرفة الأخبار ما أرسله، مع اسمي، وأن تتواصل معي بشأنه.
con-privacy-title = ما نحتفظ به وما نزيله
con-privacy = نحتفظ بقصتك وبالمكان والتاريخ اللذين تذكرهما وباسمك وبريدك الإلكتروني؛ ولا يُنشر البريد أبدًا. ونحتفظ باسم كل ملف كما سمّاه جهازك: إن كان الاسم يكشف شيئًا عنك فغيّره قبل أن تختار الملف. قبل حفظ أي صورة نزيل بياناتها المخفية: المكان والوقت اللذين سجّلتهما الكاميرا، والجهاز، وأي نص في الملف؛ ويفقد ملف JPEG كذلك النسخة المصغّرة والصور الإضافية التي قد يحملها. ونزيل كذلك من مقاطع الفيديو (MP4 وMOV وWebM) المكان والجهاز والوقت المسجّلة فيها. والمساهمة التي تبدؤها ولا ترسلها تُحذف مع ملفاتها. قد يكشف ما تُظهره الصورة أو المقطع مكانك: إن كان ذلك ممكنًا فاذكره في قصتك.
con-send = أرسل
con-sending = يُرسل…
con-retry = أرسل مجددًا
con-waiting = بالانتظار
con-sent-file = أُرسل
con-failed = لم يُرسل: { $reason }
con-progress = { $name }: أُرسل { $percent }
con-fill = املأ هذا الحقل.
con-not-media = هذا ليس صورة ولا فيديو.
con-too-many = اختر 10 ملفات على الأكثر.
con-some-failed = لم تُرسل بعض الملفات. أرسلها مجددًا أو أزلها، ثم أرسل.
con-thanks = شكرًا لك. وصلت مساهمتك إلى غرفة الأخبار.
con-reference = رقمك المرجعي: { $reference }
con-reference-hint = أرسلناه إلى بريدك الإلكتروني أيضًا.
con-another = أرسل مساهمة أخرى
con-draft-files = بعد إعادة التحميل اختر ملفاتك مجددًا: النص الذي كتبته ما زال هنا.
con-remove-button = أزل
con-remove-failed = لم يُزل { $name }: { $reason }
con-removing = يُزال…
acc-mod-contributions = المساهمات في «كن جزءًا»
acc-mod-no-contributions = لا مساهمات بعد.
acc-mod-accept = اقبل
acc-mod-accepted = قُبلت.
