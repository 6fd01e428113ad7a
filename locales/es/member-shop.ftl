# The shop as a member sees it (SPEC §5): catalogue, product, confirmation, purchases.
member-shop-title = 🛍 Tienda · página { $page } de { $pages }
member-shop-balance = Tienes { $balance } besitos.
member-shop-empty = 🛍 La tienda está vacía por ahora. ¡Vuelve pronto!
member-shop-line = { $index }. { $name } · { $price }
member-shop-price = { $price ->
    [0] gratis
   *[other] { $price } besitos
  }
member-shop-vip-price = VIP: { $price }
member-shop-flag-vip = ⭐ VIP
member-shop-flag-soldout = agotado
member-shop-flag-limit = límite alcanzado
member-shop-flag-owned = ya lo tienes
member-shop-button = { $name } · { $price }
member-shop-detail-kind-content = 📦 Contenido
member-shop-detail-kind-vip = ⭐ { $days ->
    [one] 1 día de VIP
   *[other] { $days } días de VIP
  }
member-shop-detail-price = Precio para ti: { $price }
member-shop-detail-regular = Precio normal: { $regular } · precio VIP: { $vip }
member-shop-detail-stock = Quedan { $stock }.
member-shop-detail-limit = Máximo { $limit } por persona.
member-shop-detail-owned = Ya lo tienes ({ $owned }).
member-shop-unavailable = { $reason ->
    [VIP_ONLY] 🔒 Solo para miembros VIP.
    [OUT_OF_STOCK] Agotado.
   *[LIMIT_REACHED] Ya tienes el máximo permitido.
  }
member-btn-buy = { $price ->
    [0] 🎁 Reclamar gratis
   *[other] 🛒 Comprar por { $price }
  }
member-btn-buy-again = { $price ->
    [0] 🎁 Reclamar otra vez
   *[other] 🛒 Comprar otra vez por { $price }
  }
member-btn-shop-back = ⬅️ Tienda
member-shop-confirm = { $price ->
    [0] ¿Reclamas «{ $name }» gratis?
   *[other] ¿Compras «{ $name }» por { $price } besitos? Tienes { $balance }.
  }
member-shop-confirm-again = { $price ->
    [0] Ya tienes «{ $name }». ¿Lo reclamas otra vez gratis?
   *[other] Ya tienes «{ $name }». ¿Lo compras otra vez por { $price } besitos? Tienes { $balance }.
  }
member-btn-confirm = ✅ Confirmar
member-btn-confirm-again = ✅ Sí, otra vez
member-btn-cancel = ✖️ Cancelar
member-shop-cancelled = Compra cancelada.
member-shop-done-content = { $price ->
    [0] 🎁 ¡Listo! Recibiste «{ $name }» gratis; te lo acabo de enviar.
   *[other] ✅ ¡Listo! «{ $name }» es tuyo; te lo acabo de enviar. Saldo: { $balance } besitos.
  }
member-shop-sending = { $price ->
    [0] 🎁 ¡Reclamado! Te estoy enviando «{ $name }»…
   *[other] ✅ ¡Comprado! Te estoy enviando «{ $name }»…
  }
member-shop-progress = 📤 Enviando «{ $name }»: { $sent } de { $total }…
member-shop-done-vip = ✅ ¡Listo! Eres VIP hasta el { $until }. Saldo: { $balance } besitos.
member-shop-done-toast = { $price ->
    [0] 🎁 ¡Reclamado!
   *[other] ✅ ¡Comprado!
  }
member-shop-refunded = 😔 No pudimos enviarte «{ $name }», así que te devolvimos { $price } besitos. Saldo: { $balance } besitos.
member-shop-replayed = Esta compra ya está hecha.
member-shop-refused = ❌ { $reason }

## My purchases
member-purchases-title = 📦 Tus compras
member-purchases-empty = 📦 Todavía no compraste nada. Pásate por la tienda.
member-purchases-line = { $date } · { $name } · { $price }{ $status ->
    [REFUNDED] {" "}· reembolsada
   *[other] {""}
  }
member-btn-redeliver = 📤 Reenviar: { $name }
member-purchases-redelivering = 📤 Te lo envío otra vez…
member-purchases-redeliver-failed = No pudimos enviarlo ahora. Inténtalo más tarde.
