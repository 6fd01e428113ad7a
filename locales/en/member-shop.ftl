# The shop as a member sees it (SPEC §5): catalogue, product, confirmation, purchases.
member-shop-title = 🛍 Shop · page { $page } of { $pages }
member-shop-balance = You have { $balance } besitos.
member-shop-empty = 🛍 The shop is empty for now. Come back soon!
member-shop-line = { $index }. { $name } · { $price }
member-shop-price = { $price ->
    [0] free
   *[other] { $price } besitos
  }
member-shop-vip-price = VIP: { $price }
member-shop-flag-vip = ⭐ VIP
member-shop-flag-soldout = sold out
member-shop-flag-limit = limit reached
member-shop-flag-owned = owned
member-shop-button = { $name } · { $price }
member-shop-detail-kind-content = 📦 Content
member-shop-detail-kind-vip = ⭐ { $days ->
    [one] 1 day of VIP
   *[other] { $days } days of VIP
  }
member-shop-detail-price = Your price: { $price }
member-shop-detail-regular = Regular price: { $regular } · VIP price: { $vip }
member-shop-detail-stock = { $stock } left.
member-shop-detail-limit = At most { $limit } per member.
member-shop-detail-owned = You own it ({ $owned }).
member-shop-unavailable = { $reason ->
    [VIP_ONLY] 🔒 VIP members only.
    [OUT_OF_STOCK] Sold out.
   *[LIMIT_REACHED] You already hold the most allowed.
  }
member-btn-buy = { $price ->
    [0] 🎁 Claim for free
   *[other] 🛒 Buy for { $price }
  }
member-btn-buy-again = { $price ->
    [0] 🎁 Claim again
   *[other] 🛒 Buy again for { $price }
  }
member-btn-shop-back = ⬅️ Shop
member-shop-confirm = { $price ->
    [0] Claim “{ $name }” for free?
   *[other] Buy “{ $name }” for { $price } besitos? You have { $balance }.
  }
member-shop-confirm-again = { $price ->
    [0] You already own “{ $name }”. Claim it again for free?
   *[other] You already own “{ $name }”. Buy it again for { $price } besitos? You have { $balance }.
  }
member-btn-confirm = ✅ Confirm
member-btn-confirm-again = ✅ Yes, again
member-btn-cancel = ✖️ Cancel
member-shop-cancelled = Purchase cancelled.
member-shop-done-content = { $price ->
    [0] 🎁 Done! You received “{ $name }” for free; I just sent it to you.
   *[other] ✅ Done! “{ $name }” is yours; I just sent it to you. Balance: { $balance } besitos.
  }
member-shop-sending = { $price ->
    [0] 🎁 Claimed! Sending you “{ $name }”…
   *[other] ✅ Bought! Sending you “{ $name }”…
  }
member-shop-progress = 📤 Sending “{ $name }”: { $sent } of { $total }…
member-shop-done-vip = ✅ Done! You are VIP until { $until }. Balance: { $balance } besitos.
member-shop-done-toast = { $price ->
    [0] 🎁 Claimed!
   *[other] ✅ Bought!
  }
member-shop-refunded = 😔 We could not send you “{ $name }”, so we gave you back { $price } besitos. Balance: { $balance } besitos.
member-shop-replayed = This purchase is already done.
member-shop-refused = ❌ { $reason }

## My purchases
member-purchases-title = 📦 Your purchases
member-purchases-empty = 📦 You have not bought anything yet. Have a look at the shop.
member-purchases-line = { $date } · { $name } · { $price }{ $status ->
    [REFUNDED] {" "}· refunded
   *[other] {""}
  }
member-btn-redeliver = 📤 Send again: { $name }
member-purchases-redelivering = 📤 Sending it to you again…
member-purchases-redeliver-failed = We could not send it now. Please try again later.
