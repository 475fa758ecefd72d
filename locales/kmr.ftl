# Rûkara Byline bi kurdiya bakur (kurmancî).

-brand = Byline

## The frame around every page

site-name = { -brand }
site-tagline = Nûçeyên herêmê, û tiştê xwendevan li ser dibêjin
document-title = { $page } — { -brand }
skip-to-content = Derbasî naverokê bibe
nav-account = Hesab
nav-language = Ziman
your-account = Hesabê te
sign-in-up = Têkeve / Tomar bibe
footer-demo = { -brand } — naveroka nimûneyî, ji bo vê projeyê hatiye nivîsandin.
footer-rendered = Di { $seconds } çirkeyan de hate nîşandan
theme-toggle = Rûkara tarî
loading = Tê barkirin…

## Loading and failures

loading-what = { $what } tê barkirin…
could-not-load = Me nikarîbû { $what } bar bikira.
try-again = Dîsa biceribîne
what-article = gotar
what-comments = şîrove
what-latest-comments = şîroveyên dawî
what-latest-stories = nûçeyên dawî
what-other-stories = nûçeyên din
what-confirmation = piştrastkirina hesabê te
what-sign-in = têketina te
what-part = vê beşa rûpelê
chunk-failed-detail = Girêdana xwe kontrol bike, paşê dîsa biceribîne. Tiştê te nivîsî winda nabe.
error-network = Em negihîştin { -brand }. Girêdana xwe kontrol bike, paşê dîsa biceribîne.
error-timeout = Bersiva { -brand } pir dereng dimîne. Piştî demekê dîsa biceribîne.
error-malformed = { -brand } bersivek şand ku rûpel nikarîbû bixwîne. Piştî demekê dîsa biceribîne.
error-not-found = Me ev rûpel nedît.
error-too-large = Ev ji ya ku { -brand } bi carekê qebûl dike zêdetir e.
error-fields = Divê hin qad bên guhertin.
error-too-many = Daxwaz pir zêde ne. Demekê bisekine, paşê dîsa biceribîne.
error-server = Li aliyê { -brand } pirsgirêkek heye. Piştî demekê dîsa biceribîne.
error-status = { -brand } bi çewtiyekê bersiv da ({ $status }).

## Pages

latest-news = Nûçeyên dawî
more-from-site = Bêtir ji { -brand }
more-stories = Bêtir nûçe
not-found-title = Rûpel nehate dîtin
not-found-heading = Me ev rûpel nedît
not-found-text = Dibe ku nûçe hatibe guhastin, an navnîşan şaş hatibe nivîsandin.
not-found-home = Here nûçeyên dawî

## The article

article-by = Ji aliyê { $author }
article-updated = Hate nûkirin: { $date }

## Comment counts

comment-count = { $count ->
    [0] Hêj şîrove tune
   *[other] { $count } şîrove
}
comments-heading = { $count ->
    [0] Şîrove
   *[other] { $count } şîrove
}

## Comments

sort-comments = Şîroveyan rêz bike
sort-oldest = Pêşî yên kevn
sort-newest = Pêşî yên nû
comments-empty = Hêj şîrove tune. Axaftinê dest pê bike.
comments-list = Şîrove
comments-linked-region = Şîroveya ku tu bi girêdanekê hatiyê
comments-linked-note = Şîroveya ku tu bi girêdanekê hatiyê, di rêzika xwe de:
load-more-comments = Bêtir şîrove bar bike
threads-shown = { $count ->
    [one] { $count } rêzik tê nîşandan
   *[other] { $count } rêzik têne nîşandan
}
comment-member-badge = endam
comment-replying-to = bersiv ji { $name } re
comment-link = Girêdana vê şîroveyê
comment-reply = Bersiv bide
comment-reply-to = Bersivê bide { $name }
comment-replies-to = Bersivên ji { $name } re
comment-removed = Nivîskarê vê şîroveyê ew rakir.
comment-edited = hate guhertin
comment-edited-at = Hate guhertin: { $date }
comment-edit = Biguherîne
comment-edit-label = Şîroveya xwe biguherîne
comment-delete = Jê bibe
comment-delete-label = Şîroveya xwe jê bibe
comment-delete-confirm = Vê şîroveyê jê bibî?
comment-keep = Bihêle
comment-your-text = Şîroveya te
comment-save = Tomar bike
cancel = Betal bike

## The comment form

form-title-new = Şîroveyekê binivîse
form-title-reply = Bersiva te
form-commenting-as = Tu wek { $name } şîrove dikî.
form-sign-out = Derkeve
form-guest-before = Tu wek mêvan şîrove dikî. Qadên bi
form-required = pêwîst
form-guest-middle = nîşankirî pêwîst in. Hesabê te heye?
form-sign-in-link = Têkeve an tomar bibe
form-guest-after = da ku wek endam şîrove bikî; nivîsa te li vir dimîne.
form-name = Nav
form-email = E-name
form-email-hint = Qet ji her kesî re nayê nîşandan. Odeya nûçeyan wê tenê bi kar tîne da ku derbarê şîroveya te de bigihîje te.
form-comment = Şîrove
form-characters = tîp
form-not-sent = Şîroveya te nehate şandin. { $reason }
form-text-kept = Nivîsa te hêj li vir e.
form-retry = Dîsa biceribîne
form-sending = Tê şandin…
form-post-reply = Bersivê belav bike
form-post-comment = Şîroveyê belav bike
form-status-sending = Şîroveya te tê şandin…
form-status-sent = Şîroveya te hate belavkirin.

## Sidebars

latest-title = Hûn çi dibêjin
latest-empty = Hêj şîrove tune.
latest-on = li ser
elsewhere-title = Li cihên din ên { -brand }
elsewhere-more = bêtir
elsewhere-more-label = Bêtir: { $title }
be-part-of-title = Bibe beşek ji { -brand }
be-part-of-text = Te dît ku li cihê tu lê dijî tiştek qewimî? Çîrok, wêne û vîdyoyên xwe bi odeya me ya nûçeyan re parve bike.
be-part-of-action = Çîroka xwe ji me re bişîne

## Widgets on partners' pages

embed-popup-blocked = Geroka te pencereya têketinê asteng kir. Ji bo vê rûpelê destûrê bide pencereyên vebûyî, paşê dîsa “Têkeve an tomar bibe” hilbijêre.
embed-no-article = Ev amûra şîroveyan navê tu gotarê nade: data-article bide hêmana wê, an data-url ji bo rûpeleke xwe.
embed-not-open = Şîrove li ser vê rûpelê ne vekirî ne.

## Dates: the browser has no Kurmanji dates, so the page writes them from these

time-now = niha
time-minutes-ago = { $count ->
    [one] berî deqeyekê
   *[other] berî { $count } deqeyan
}
time-hours-ago = { $count ->
    [one] berî saetekê
   *[other] berî { $count } saetan
}
time-days-ago = { $count ->
    [one] duh
   *[other] berî { $count } rojan
}
time-weeks-ago = { $count ->
    [one] hefteya borî
   *[other] berî { $count } hefteyan
}
time-months-ago = { $count ->
    [one] meha borî
   *[other] berî { $count } mehan
}
time-years-ago = { $count ->
    [one] sala borî
   *[other] berî { $count } salan
}
date-long = { $day } { $month } { $year }
date-time = { $day } { $month } { $year }, { $time }
month-1 = Çile
month-2 = Sibat
month-3 = Adar
month-4 = Nîsan
month-5 = Gulan
month-6 = Hezîran
month-7 = Tîrmeh
month-8 = Tebax
month-9 = Îlon
month-10 = Cotmeh
month-11 = Mijdar
month-12 = Kanûn

## The comment rules, as the page says them before sending

rule-name-empty = Navê ku bi şîroveya te re xuya dibe binivîse.
rule-name-too-long = Ji bo navê xwe herî zêde { $max } tîpan bi kar bîne (di vî navî de { $count } hene).
rule-name-control = Navê te nikare rêzên nû an tîpên kontrolê bihewîne.
rule-email-empty = Navnîşana e-nameya xwe binivîse. Qet nayê nîşandan.
rule-email-too-long = Navnîşana e-nameyê herî zêde { $max } tîp e.
rule-email-malformed = Navnîşanek wek name@example.com binivîse.
rule-body-empty = Berî şandinê şîroveya xwe binivîse.
rule-body-too-long = Şîroveya xwe di nav { $max } tîpan de bihêle; niha { $count } tîp in.
rule-body-control = Di şîroveya te de tîpên kontrolê hene; wan rake û dîsa biceribîne.
rule-parent-invalid = Şîroveyeke heyî hilbijêre ku bersiv bidî.
rule-guest-missing = Nav û e-nameya xwe binivîse da ku wek mêvan şîrove bikî.
rule-password-too-short = Ji bo şîfreya xwe herî kêm { $min } tîpan bi kar bîne (di vê de { $count } hene).
rule-password-too-long = Ji bo şîfreya xwe herî zêde { $max } tîpan bi kar bîne.
rule-password-is-email = Şîfreya te nikare navnîşana e-nameya te be.
rule-password-common = Ev şîfre yek ji yên herî berbelav e; yeke din hilbijêre.
rule-current-password-empty = Şîfreya xwe ya niha binivîse.
rule-password-unchanged = Şîfreyeke ji ya niha cuda hilbijêre.

## Rewşên serverê bi xwe (kodên peymanê), di rûpelên xwendevanan û amûran de

code-name-taken = Endamekî { -brand } vî navî bi kar tîne. Navekî din hilbijêre.
code-signed-out = Tu êdî ne têketî yî. Dîsa têkeve, paşê carek din bişîne.
code-cross-site = { -brand } ev daxwaz red kir, ji ber ku ji malperê bi xwe nehat. Rûpelê nû bike û dîsa biceribîne.
code-not-your-comment = Tenê kesê ku ev şîrove weşandiye dikare wê biguherîne an jê bibe.
code-edit-window-closed = Dema guherandina vê şîroveyê derbas bû. Tu hîn dikarî wê jê bibî.

## Parastina li dijî lehiyê û spamê (kodên peymanê)

form-trap = Vê qadê vala bihêle
code-rate-limited = Tu di demeke kurt de pir dişînî. { $seconds ->
    [one] Saniyeyekê
   *[other] { $seconds } saniyeyan
} bisekine, paşê dîsa bişîne; nivîsa te li vir dimîne.
code-duplicate-comment = Te hema niha heman şîrove weşand.
code-too-many-links = Di şîroveya mêvanekî de tenê çend girêdan dikarin hebin. Hinekan jê bibe, an têkeve da ku bêtir biweşînî.
code-banned-words = Di vê de peyvên ku { -brand } naweşîne hene. Wan biguherîne û dîsa bişîne.
code-looks-automated = Ev şîrove wekî ya otomatîk xuya dike, ji ber vê nehat weşandin. Heke tu mirov î, rûpelê nû bike û dîsa biceribîne.
code-key-reused = Ev berê carekê bi naverokeke cuda hatibû şandin. Rûpelê nû bike, paşê dîsa bişîne.
code-request-in-progress = Ceribandina te ya pêşîn hê di rê de ye. Hinekî bisekine, paşê dîsa bişîne; nivîsa te li vir dimîne.

## Moderation: reports, held comments, closed comments

comment-report = Ragihîne
comment-report-label = Şîroveya { $name } ragihîne
report-legend = Çima divê moderator li vê şîroveyê binêrin?
report-reason-spam = Spam an reklam
report-reason-abuse = Heqaret, tacîz an nefret
report-reason-off-topic = Ne li ser mijarê
report-reason-other = Tiştekî din
report-detail = Çi pirsgirêka wê heye?
report-detail-required = Bibêje çi pirsgirêka wê heye.
report-send = Raporê bişîne
report-thanks = Spas. Moderator dê lê binêrin.
comment-hidden = Ev şîrove veşartî ye heta ku moderator lê binêrin.
comment-awaiting = Li benda moderasyonê
form-premoderated = Şîrove li vir piştî ku moderatorek wan qebûl bike xuya dibin.
form-first-moderated = Şîroveya pêşîn li vir piştî ku moderatorek wê qebûl bike xuya dibe.
comments-closed = Şîrove li ser vê nûçeyê girtî ne.
form-status-pending = Spas. Şîroveya te piştî ku moderatorek wê qebûl bike dê xuya bibe.
code-comments-closed = Şîrove li ser vê nûçeyê girtî ne.
code-banned = Moderatoran tu ji şîrovekirinê li vê malperê rawestandî.
code-already-reported = Te berê ev şîrove ragihandiye.
comment-like = Biecibîne
comment-like-label = Şîroveya { $name } biecibîne
comment-likes = { $count ->
    [one] yek ecibandin
   *[other] { $count } ecibandin
}
comment-featured = Bijartî
comment-feature = Bijêre
comment-unfeature = Bijartinê rake
sort-top = Herî baş
