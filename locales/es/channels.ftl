# Channels (SPEC §3): reaction buttons and /publicar.
channels-reaction-accepted = +{ $amount } besitos ({ $used }/{ $limit })
channels-invalid-button = Este botón no es válido.
channels-publish-usage = Para publicar, envíame el mensaje y respóndelo con /publicar.
channels-publish-none = No hay canales configurados donde publicar.
channels-publish-choose = ¿En qué canal lo publico?
channels-publish-target = { $kind ->
    [VIP] { $title } (VIP)
   *[other] { $title }
  }
channels-publish-cancel-button = Cancelar
channels-publish-cancelled = Publicación cancelada.
channels-publish-unknown-channel = Ese canal ya no está configurado.
channels-publish-done = Publicado en { $channel }, con los botones de reacción.
channels-publish-failed = No pude publicar en { $channel }. Comprueba que el bot es administrador del canal.
channels-publish-untitled = { $kind ->
    [VIP] Canal VIP
   *[other] Canal gratuito
  }
