# VIP channel access (SPEC §7): the member's link, reminders, the end of VIP; the admins' warning.

vip-invite = 🔑 ¡Ya eres VIP hasta el { $until }! Entra al canal VIP «{ $channel }» con este enlace (sirve una sola vez, solo para ti):
    { $link }
vip-extended = ✨ Tu VIP se amplió hasta el { $until }. Sigues dentro del canal VIP «{ $channel }».
vip-reminder = ⏳ Tu VIP termina { $days ->
    [one] mañana
   *[other] en { $days } días
  } ({ $until }). Para no perder el canal VIP, compra días VIP en la 🛍 Tienda (/start).
vip-ended = 🔒 Tu VIP terminó y saliste del canal VIP. Para volver, compra días VIP en la 🛍 Tienda (/start) o consíguelos con recompensas; te enviaremos un enlace nuevo.
vip-channel-fallback = canal VIP
vip-admin-missing-right = ⚠️ No puedo gestionar el acceso al canal VIP «{ $channel }»: me falta el permiso de administrador «{ $right ->
    [invite] Invitar usuarios mediante enlace
   *[ban] Expulsar usuarios
  }». Hazme administrador del canal con ese permiso; lo pendiente se hará solo después.
