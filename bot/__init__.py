"""refundbot: community refund and dispute advice for escrow-based freelance marketplaces."""
