# Channels (SPEC §3): reaction buttons and /publicar.
channels-reaction-accepted = +{ $amount } besitos ({ $used }/{ $limit })
channels-invalid-button = This button is not valid.
channels-publish-usage = To publish, send me the message and reply to it with /publish.
channels-publish-none = There are no configured channels to publish in.
channels-publish-choose = Which channel should I publish it in?
channels-publish-target = { $kind ->
    [VIP] { $title } (VIP)
   *[other] { $title }
  }
channels-publish-cancel-button = Cancel
channels-publish-cancelled = Publishing cancelled.
channels-publish-unknown-channel = That channel is no longer configured.
channels-publish-done = Published in { $channel }, with the reaction buttons.
channels-publish-failed = I could not publish in { $channel }. Check that the bot is an admin of the channel.
channels-publish-untitled = { $kind ->
    [VIP] VIP channel
   *[other] Free channel
  }
