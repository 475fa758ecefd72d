# E-nameyên hesabê bi kurdiya bakur (kurmancî).

confirm-subject = Hesabê xwe yê Byline bipejirîne
confirm-body =
    Bi xêr hatî Byline.

    Ji bo ku hesabê xwe bipejirînî û têkevî, di nav 24 saetan de vê girêdanê veke:

    { $link }

    Girêdan tenê carekê dixebite. Heke te xwe tomar nekiribe, guh nede vê peyamê: heta ku neyê pejirandin, hesab nayê bikaranîn.

reset-subject = Şîfreya xwe ya Byline nû bike
reset-body =
    Kesekî xwest ku şîfreya hesabê Byline yê bi vê navnîşanê were nûkirin.

    Ji bo ku şîfreyeke nû hilbijêrî, di nav saetekê de vê girêdanê veke:

    { $link }

    Girêdan tenê carekê dixebite, û danîna şîfreyeke nû te ji hemû amûrên din derdixe. Heke te ev nexwestibe, guh nede vê peyamê: şîfreya te wekî xwe dimîne.

taken-subject = Kesekî xwest bi navnîşana te xwe tomar bike
taken-body =
    Kesekî xwest bi vê navnîşanê hesabekî nû yê Byline veke, lê vê navnîşanê berê hesabek heye.

    Heke tu bûyî, li { $site } têkeve an jî, heke te şîfreya xwe ji bîr kiribe, li wir nû bike. Heke te di roja borî de xwe tomar kiribe û hîn nepejirandibe, girêdana di peyama yekem de bi kar bîne.

    Heke ne tu bûyî, guh nede vê peyamê: tiştek neguheriye.

receipt-subject = Beşdariya te { $reference } gihîşt me
receipt-body =
    Spas ji bo beşdariya te li Byline. Jimareya wê ya referansê { $reference } e; heke tu derbarê wê de ji odeya nûçeyan re binivîsî, wê bibêje.

    Me çîroka te û { $files } pel wergirtin. Berî ku em wêneyan tomar bikin, me daneyên wan ên veşartî rakirin: cih û dema ku kamerayê tomar kiribû, amûr, û her nivîsek di pelê de. Vîdyo wekî ku te şandine têne tomarkirin.

    Endamekî odeya nûçeyan dê lê binêre. Navnîşana te li cem odeya nûçeyan dimîne û qet nayê weşandin.
