"""Drawing only: topic data in, matplotlib Figure out, one module per topic.

Each module is named after the topic module it draws (``ketamine_course.<topic>``), and
every figure function has an ``..._alt`` partner that describes the same rows in words.
Import the topic's module: ``from ketamine_course.diagrams import mechanism``.
"""
