# Refusals (SPEC §12): one message per error code, with the error's details as variables.
error-internal = Sorry, something went wrong. Please try again in a moment.
error-refused = That could not be done.
error-rate-limited = You're going too fast. Wait a few seconds and try again.
error-INVALID_INPUT = That is not valid: { $message }
error-INVALID_AMOUNT = The amount must be a whole number from 1 to 1,000,000,000.
error-INSUFFICIENT_FUNDS = Not enough besitos: you have { $balance } and need { $amount }.
error-UNKNOWN_MEMBER = You have no besitos yet.
error-FORBIDDEN = This option is for admins only.
error-NO_ACCESS = { $reason ->
    [VIP_ONLY] This post is for VIP members only.
    [UNKNOWN_EMOJI] That reaction does not count.
   *[other] This post earns no besitos.
  }
error-COOLDOWN = Wait { $secondsLeft } s before reacting again.
error-DAILY_LIMIT = You reached today's limit ({ $used }/{ $limit }). Come back tomorrow.
error-ALREADY_REACTED = You already reacted to this post.
error-ALREADY_CLAIMED = { $what ->
    [reward] You already claimed this reward.
   *[other] Already claimed. The next one opens in { $wait }.
  }
error-NOT_FOUND = We could not find it.
error-INACTIVE = It is no longer available.
error-VIP_ONLY = For VIP members only.
error-OUT_OF_STOCK = Sold out.
error-LIMIT_REACHED = You already hold the most of this product allowed.
error-REWARD_LOCKED = This reward is still locked.
error-REWARD_EXPIRED = The time to claim this reward is over.
error-INVALID_FORMULA = That formula is not valid: { $message }
error-INVALID_CONFIG = That value is not valid: { $message }
error-BALANCE_OVERFLOW = That amount goes past the most an account can hold.
error-NOT_REFUNDABLE = That movement cannot be refunded.
error-CONFIRMATION_REQUIRED = You already own this product. Confirm to buy it again.
error-IDEMPOTENCY_CONFLICT = That request was already made with different details. Nothing was changed.
error-READ_ONLY = The database is read-only: it can be read, not changed. Nothing was changed.
error-DATABASE_TOO_NEW = The database belongs to a newer version of besitos. Upgrade besitos before using it.
error-DATABASE_IN_USE = The database is in use by another process. Stop it and try again.
error-STORAGE_UNAVAILABLE = We could not reach the database just now. Please try again in a moment.
