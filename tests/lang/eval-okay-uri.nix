[ http://example.com/foo?bar=1 https://nixos.org mailto:someone@example.org x:y ]
