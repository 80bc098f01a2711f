from django import forms

USEFULNESS = [
    (str(n), label)
    for n, label in (
        (5, "5: very useful"),
        (4, "4"),
        (3, "3"),
        (2, "2"),
        (1, "1: not useful"),
    )
]


class FeedbackForm(forms.Form):
    will_change = forms.CharField(
        label="What will you change in your own service after this session?",
        help_text="A sentence or two is enough. The organiser sees it with your name.",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say what you will change in your own service"},
    )
    usefulness = forms.ChoiceField(
        label="How useful was the session?",
        choices=USEFULNESS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how useful the session was"},
    )
    may_share = forms.BooleanField(
        label="Others may read my answer, with my name and organisation",
        help_text="It helps colleagues see what people took away. Leave this unticked to keep "
        "it between you and the organiser.",
        required=False,
    )
