"""Synthetic services for benchmarks: sample services recombined, clearly not real."""

import random
from pathlib import Path
from typing import Any

from hub.directory.oruk import stable_id
from hub.directory.sample import sample_services


def synthetic_services(count: int, content: Path, seed: int = 1) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    templates = sample_services(content / "sample")
    words = sorted({w for t in templates for w in t["description"].split() if w.isalpha()})
    services = []
    for number in range(count):
        base = templates[number % len(templates)]
        extra = " ".join(rng.sample(words, 12))
        key = f"synthetic-{seed}-{number}"
        service = {**base, "id": stable_id("synthetic", key),
                   "name": f"{base['name']} {number}",
                   "description": f"{base['description']} {extra}"}
        service["organization"] = {**base["organization"],
                                   "id": stable_id("synthetic-org", f"{seed}-{number // 3}"),
                                   "name": f"Synthetic organisation {number // 3}"}
        service["service_at_locations"] = [
            {**link, "id": stable_id("synthetic-sal", f"{key}:{i}"),
             "location": {**link["location"],
                          "id": stable_id("synthetic-loc", f"{key}:{i}"),
                          "latitude": link["location"].get("latitude", 53.96)
                          + rng.uniform(-0.03, 0.03),
                          "longitude": link["location"].get("longitude", -1.08)
                          + rng.uniform(-0.03, 0.03)}}
            for i, link in enumerate(base.get("service_at_locations", []))
        ]
        services.append(service)
    return services
