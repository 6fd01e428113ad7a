# Tokens de la API de administración (issue 13): /admin → 🔑 Tokens de API.

admin-button-tokens = 🔑 Tokens de API
admin-button-new-token = ➕ Crear un token
admin-tokens = { $count ->
    [0] 🔑 No tienes tokens de la API de administración.
    [one] 🔑 Tienes un token de la API de administración:
   *[other] 🔑 Tienes { $count } tokens de la API de administración:
  }
  { $list }

  Un token actúa como tú en la API (http://…/api/v1): lo que hagas con él queda a tu nombre. Para revocar uno: besitos tokens revoke <número>.
admin-tokens-item = #{ $id } { $name } · { $hint }… · { $used ->
    [yes] usado el { $date }
   *[no] creado el { $date }, sin usar
  }
admin-token-issued = 🔑 Tu token nuevo (#{ $id }). Solo se muestra ahora: guárdalo como una contraseña y borra este mensaje.

  <code>{ $token }</code>

  Úsalo como Authorization: Bearer &lt;token&gt;.
