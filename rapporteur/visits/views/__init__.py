"""The pages of the visits app: ``visits`` (the list, a visit's page, its form,
meetings and follow-up report), ``documents`` (ingesting statements, importing CSV
lists), ``recommendations`` (review and follow-up of one recommendation),
``themes`` (the vocabulary) and ``public`` (the tracker, ``@public``)."""
