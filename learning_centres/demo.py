"""Demo Learning Centres."""


def demo_sign_ins() -> list[tuple[str, str]]:
    return []


def load() -> dict[str, int]:
    return {}
