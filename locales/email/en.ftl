# Account emails in English: the reference for the other languages' email catalogues.
# Variables: $link (the message's one link), $site (the site's address).

confirm-subject = Confirm your Byline account
confirm-body =
    Welcome to Byline.

    To confirm your account and sign in, open this link within 24 hours:

    { $link }

    The link works once. If you did not register, ignore this message: the account is not used until it is confirmed.

reset-subject = Reset your Byline password
reset-body =
    Someone asked to reset the password of the Byline account with this address.

    To choose a new password, open this link within an hour:

    { $link }

    The link works once, and setting a new password signs you out everywhere else. If you did not ask, ignore this message: your password stays as it is.

taken-subject = Someone tried to register with your address
taken-body =
    Someone tried to register a new Byline account with this address, which already has one.

    If it was you, sign in at { $site } or, if you have forgotten your password, reset it there. If you registered in the last day and have not confirmed yet, use the link in the first message.

    If it was not you, ignore this message: nothing has changed.

receipt-subject = We received your contribution { $reference }
receipt-body =
    Thank you for your contribution to Byline. Its reference is { $reference }; quote it if you write to the newsroom about it.

    We received your story and { $files } file(s). Before we stored the photos, we removed their hidden data: the place and time the camera recorded, the device, and any text in the file. Videos are stored as you sent them.

    A member of the newsroom will look at it. Your address stays with the newsroom and is never published.
