# Admin API tokens (issue 13): /admin → 🔑 API tokens.

admin-button-tokens = 🔑 API tokens
admin-button-new-token = ➕ Create a token
admin-tokens = { $count ->
    [0] 🔑 You have no admin API tokens.
    [one] 🔑 You have one admin API token:
   *[other] 🔑 You have { $count } admin API tokens:
  }
  { $list }

  A token acts as you in the API (http://…/api/v1): what you do with it is recorded under your name. To revoke one: besitos tokens revoke <number>.
admin-tokens-item = #{ $id } { $name } · { $hint }… · { $used ->
    [yes] used on { $date }
   *[no] created on { $date }, unused
  }
admin-token-issued = 🔑 Your new token (#{ $id }). It is shown only now: keep it like a password and delete this message.

  <code>{ $token }</code>

  Use it as Authorization: Bearer &lt;token&gt;.
